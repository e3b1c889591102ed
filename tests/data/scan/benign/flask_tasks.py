# A Flask admin view that runs one of a fixed set of maintenance tasks; the request only picks a name.
import subprocess
from flask import Flask, abort, request

app = Flask(__name__)
TASKS = {"reindex": ["/usr/local/bin/reindex", "--quiet"], "clear-cache": ["/usr/local/bin/cache", "clear"]}

@app.route("/admin/task/<name>", methods=["POST"])
def task(name):
    argv = TASKS.get(name) or abort(404)
    token = request.json.get("token")
    if token != app.config["ADMIN_TOKEN"]:
        abort(403)
    return subprocess.run(argv, capture_output=True, text=True).stdout
