#!/usr/bin/env python3
import cgi
import html
import subprocess

form = cgi.FieldStorage()
name = form.getvalue("name", "")
subprocess.run(["/usr/bin/logger", "-t", "form", "submitted"], check=False)
print("Content-Type: text/html\n")
print("<p>Thanks, %s</p>" % html.escape(name))
