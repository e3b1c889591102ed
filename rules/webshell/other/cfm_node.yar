/*
   ColdFusion and Node.js web shells: cfexecute and cffile driven by the
   form, child_process and eval driven by the request.
*/

rule triage_cfm_shell
{
    meta:
        description = "ColdFusion: cfexecute of a command from the form or URL, or cffile writing/uploading to a path the form names"
        author = "triage"
        date = "2026-11-27"
        reference = "https://helpx.adobe.com/coldfusion/cfml-reference/coldfusion-tags/tags-c/cfexecute.html"
        score = 80
        category = "webshell"
        family = "cfm-shell"
    strings:
        // a shell given an argument with a variable in it, or a program named by a variable
        $exec_shell1 = /<cfexecute\b[^>]{0,300}name\s*=\s*"[^"]{0,60}(cmd\.exe|\/bin\/(ba|z|da)?sh|bash|powershell(\.exe)?)"[^>]{0,300}arguments\s*=\s*"[^"]{0,40}#/ nocase
        $exec_shell2 = /<cfexecute\b[^>]{0,300}arguments\s*=\s*"[^"]{0,40}#[^>]{0,300}name\s*=\s*"[^"]{0,60}(cmd\.exe|\/bin\/(ba|z|da)?sh|bash|powershell(\.exe)?)"/ nocase
        $exec_name = /<cfexecute\b[^>]{0,300}name\s*=\s*"#/ nocase
        $file = /<cffile\b[^>]{0,200}action\s*=\s*"(write|upload|append|copy|move|delete)"[^>]{0,200}(file|destination|source)\s*=\s*"#\s*(form|url)\./ nocase
    condition:
        filesize < 1MB and any of them
}

rule triage_node_web_shell
{
    meta:
        description = "Node.js: request data (req.query/body/params/headers, a WebSocket message) handed to child_process, eval or a terminal"
        author = "triage"
        date = "2026-11-27"
        reference = "https://nodejs.org/api/child_process.html"
        score = 80
        category = "webshell"
        family = "node-shell"
    strings:
        $cp = /require\s*\(\s*['"](node:)?child_process['"]\s*\)|from\s+['"](node:)?child_process['"]/
        $sink_req = /\b(exec|execSync|spawn|spawnSync|execFile|execFileSync)\s*\(\s*req\.(query|body|params|headers|cookies)\b/
        $eval_req = /\b(eval|Function)\s*\(\s*req\.(query|body|params|headers|cookies)\b|new\s+Function\s*\([^)\n]{0,40}req\.(query|body|params)/
        $var_req = /=\s*req\.(query|body|params|headers|cookies)(\.[A-Za-z_$][A-Za-z0-9_$]{0,30}|\[\s*['"][^'"\n]{1,30}['"]\s*\])/
        $sink_var = /\b(exec|execSync|spawn|spawnSync)\s*\(\s*[A-Za-z_$][A-Za-z0-9_$]{0,30}\s*[,)]/
        $pty = /pty\.spawn\s*\(/
        $ws_msg = /\.on\s*\(\s*['"]message['"]\s*,\s*(function\s*)?\(?\s*[A-Za-z_$][A-Za-z0-9_$]{0,20}\s*\)?\s*(=>\s*)?\{?[^}]{0,80}\.write\s*\(/
    condition:
        filesize < 1MB and (($cp and ($sink_req or ($var_req and $sink_var and filesize < 20KB))) or $eval_req or
                            ($pty and $ws_msg))
}
