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
        $x1 = /\b(system|exec)\s*\(?\s*(\$[a-z_0-9]{1,20}\s*->\s*)?param\s*\(/ nocase
        $x2 = /(`|qx\s*[\(\{\/])\s*\$[a-z_0-9]{1,20}\s*->\s*param\s*\(/ nocase
        $x3 = /open\s*\(\s*[A-Z_0-9$]{1,20}\s*,\s*["']?\s*(\$[a-z_0-9]{1,20}\s*->\s*)?param\s*\([^)]{0,40}\)\s*\.?\s*["']?\s*\|/ nocase
        $v = /\$[a-z_0-9]{1,20}\s*=\s*(\$[a-z_0-9]{1,20}\s*->\s*)?param\s*\(\s*['"](cmd|command|exec|execute|c|run|shell)['"]\s*\)/ nocase
        $s1 = /`\$(cmd|command|exec|execute|run|shell)`/ nocase
        $s2 = /\b(system|exec|qx)\s*[\(\{\/]?\s*\$(cmd|command|exec|execute|c|run|shell)\b/ nocase
    condition:
        ($perl or $cgi) and $ct and (1 of ($x*) or ($v and 1 of ($s*)))
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
    condition:
        $fs and ($x1 or ($v and $x2))
}
