# an ordinary Flask view: request values go to the database and the template, commands are fixed
import subprocess
from flask import Flask, render_template, request

app = Flask(__name__)


@app.route("/search")
def search():
    term = request.args.get("q", "")
    version = subprocess.check_output(["git", "rev-parse", "--short", "HEAD"]).decode().strip()
    rows = app.db.execute("SELECT * FROM items WHERE name LIKE ?", (f"%{term}%",)).fetchall()
    return render_template("search.html", rows=rows, version=version)
