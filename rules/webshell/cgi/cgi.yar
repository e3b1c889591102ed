/*
   Perl and Python CGI web shells: a form field handed to the shell.
*/

rule triage_perl_cgi_shell
{
    meta:
        description = "Perl CGI: a request parameter run as a command (system/exec/qx/backticks/pipe open)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://metacpan.org/pod/CGI"
        score = 80
        category = "webshell"
        family = "perl-cgi-shell"
    strings:
        $perl = /^#!\s*\S*perl/
        $cgi = /use\s+CGI\b/
        $ct = "Content-type" nocase
        $ct2 = /\bheader\s*\(/
        $x1 = /\b(system|exec)\s*\(?\s*(\$[a-z_0-9]{1,20}\s*->\s*)?param\s*\(/ nocase
        $x2 = /(`|qx\s*[\(\{\/])\s*\$[a-z_0-9]{1,20}\s*->\s*param\s*\(/ nocase
        $x3 = /open\s*\(\s*[A-Z_0-9$]{1,20}\s*,\s*["']?\s*(\$[a-z_0-9]{1,20}\s*->\s*)?param\s*\([^)]{0,40}\)\s*\.?\s*["']?\s*\|/ nocase
        $v = /\$[a-z_0-9]{1,20}\s*=\s*(CGI::|\$[a-z_0-9]{1,20}\s*->\s*)?param\s*\(\s*['"](cmd|command|exec|execute|c|run|shell)['"]\s*\)/ nocase
        $s1 = /`\$(cmd|command|exec|execute|run|shell)`/ nocase
        $s2 = /\b(system|exec|qx)\s*[\(\{\/]?\s*\$(cmd|command|exec|execute|c|run|shell)\b/ nocase
        $s3 = /open\s*\(\s*["']?[A-Z_0-9$]{1,20}["']?\s*,\s*["']\s*\$(cmd|command|exec|execute|c|run|shell)\s*(2>&1\s*)?\|/ nocase
        // scripts that parse the query themselves (no CGI.pm): the raw query or form hash, then a command
        $in1 = /\$ENV\s*\{\s*['"]?(QUERY_STRING|CONTENT_LENGTH)['"]?\s*\}/
        $in2 = /\$(FORM|in|input|params?|query|args)\s*\{\s*['"]?[a-z_0-9]{1,20}['"]?\s*\}/ nocase
        $run1 = /open\s*\(\s*["']?[A-Z_0-9$]{1,20}["']?\s*,\s*["'][^"'\n]{0,20}\$[a-z_0-9]{1,20}[^"'\n|]{0,30}\|\s*["']\s*\)/ nocase
        $run2 = /\b(system|exec)\s*\(?\s*["']?\$[a-z_0-9]{1,20}\s*["']?\s*[;)]/ nocase
        $run3 = /qx\s*[\(\{\/][^)}\n]{0,20}\$[a-z_0-9]{1,20}/ nocase
        $run4 = /`\$[a-z_0-9]{1,20}[^`\n]{0,40}`/ nocase
    condition:
        ($perl or $cgi) and ($ct or $ct2) and (1 of ($x*) or ($v and 1 of ($s*)) or
                                     (filesize < 100KB and 1 of ($in*) and 1 of ($run*)))
}

rule triage_python_cgi_shell
{
    meta:
        description = "Python CGI: a form field run as a command (os.system/os.popen/subprocess)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://docs.python.org/3.10/library/cgi.html"
        score = 80
        category = "webshell"
        family = "python-cgi-shell"
    strings:
        $fs = "FieldStorage" ascii
        $x1 = /(os\.system|os\.popen|subprocess\.(call|check_output|Popen|run|getoutput)|commands\.getoutput)\s*\(\s*form(\.getvalue\s*\(|\.getfirst\s*\(|\s*\[)/
        $v = /\b[a-z_0-9]{1,20}\s*=\s*form(\.getvalue|\.getfirst)\s*\(\s*['"](cmd|command|exec|c|run|shell)['"]/
        $x2 = /(os\.system|os\.popen|subprocess\.(call|check_output|Popen|run|getoutput))\s*\(\s*(cmd|command|exec|c|run|shell)\b/
        // a small script: any field read into a variable, any variable handed to the shell (popen2/3/4 too)
        $v_any1 = /=\s*[a-z_0-9]{1,20}\.get(value|first)\s*\(/
        $v_any2 = /=\s*[a-z_0-9]{1,20}\['[a-z_0-9]{1,20}'\]/
        $v_any3 = /=\s*[a-z_0-9]{1,20}\["[a-z_0-9]{1,20}"\]/
        $x_any = /(os\.system|os\.popen[234]?|subprocess\.(call|check_output|Popen|run|getoutput|getstatusoutput)|commands\.get(status)?output|pty\.spawn)\s*\(\s*[a-z_][a-z_0-9]{0,30}\s*[,)]/
    condition:
        $fs and ($x1 or ($v and $x2) or (filesize < 20KB and 1 of ($v_any*) and $x_any))
}

rule triage_python_web_shell
{
    meta:
        description = "Python web app (Flask, Django, Bottle, Tornado): a request value run as a command or evaluated as code"
        author = "triage"
        date = "2026-11-27"
        reference = "https://flask.palletsprojects.com/en/3.0.x/api/#flask.Request.args"
        score = 80
        category = "webshell"
        family = "python-web-shell"
    strings:
        $direct = /\b(os\.popen|os\.system|subprocess\.(check_output|Popen|run|call|getoutput|getstatusoutput)|commands\.getoutput|eval|exec)\s*\(\s*(str\s*\(\s*)?(request\.(args|form|values|GET|POST|data|json|cookies|headers)\b|self\.get_(argument|body_argument|query_argument)\s*\()/
        $var = /\b[a-z_][a-z_0-9]{0,30}\s*=\s*(request\.(args|form|values|GET|POST|cookies|headers)(\.get\s*\(|\s*\[)|self\.get_(argument|body_argument|query_argument)\s*\()/
        $sink = /\b(os\.popen|os\.system|subprocess\.(check_output|Popen|run|call|getoutput|getstatusoutput)|commands\.getoutput)\s*\(\s*[a-z_][a-z_0-9]{0,30}\s*[,)]/
        $evalvar = /\b(eval|exec)\s*\(\s*[a-z_][a-z_0-9]{0,30}\s*\)/
        $web = /(from\s+(flask|django|bottle|tornado|aiohttp|fastapi)\b|import\s+(flask|django|bottle|tornado)\b|@app\.route|@route\s*\(|RequestHandler)/
        // more ways in: a JSON body, a piece of the URL path, the raw body of http.server's handler
        $var2 = /\b[a-z_][a-z_0-9]{0,30}\s*=\s*(request\.json\.get\s*\(|request\.get_json\s*\(|self\.rfile\.read\s*\()/
        $route_var = /route\s*\(\s*['"][^'"\n]{0,60}<(path:|string:)?[a-z_][a-z_0-9]{0,30}>/
        // a shell handed a variable: ["/bin/bash", "-c", cmd] or (cmd, shell=True)
        $sink2 = /\[\s*["']\/bin\/(ba)?sh["']\s*,\s*["']-c["']\s*,\s*[a-z_][a-z_0-9]{0,30}\s*\]|\b(check_output|getoutput|getstatusoutput|Popen|run|call)\s*\(\s*[a-z_][a-z_0-9]{0,30}\s*,\s*shell\s*=\s*True/
    condition:
        filesize < 200KB and $web and ($direct or
            (filesize < 10KB and (($var and ($sink or $sink2 or $evalvar)) or
                                  (($var2 or $route_var) and ($sink2 or $evalvar)))))
}

rule triage_ssi_exec_shell
{
    meta:
        description = "Server-side include that runs a command taken from the request (<!--#exec cmd=\"$var\"--> after the query string is copied into the variable)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://httpd.apache.org/docs/2.4/mod/mod_include.html#element.exec"
        score = 80
        category = "webshell"
        family = "ssi-shell"
    strings:
        $exec_var = /<!--#exec\s+cmd\s*=\s*["'][^"'\n]{0,40}\$\{?[A-Za-z_]/ nocase
        $query = /QUERY_STRING(_UNESCAPED)?|\bHTTP_[A-Z_]{2,30}|\bREQUEST_URI\b/
    condition:
        filesize < 1MB and $exec_var and $query
}

