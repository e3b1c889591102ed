/*
   ASP and ASP.NET web shells: classic eval/Execute one-liners, WScript.Shell
   and Process.Start command runners, and assemblies loaded from request bytes.
*/

rule triage_asp_eval_request
{
    meta:
        description = "ASP/ASPX: request value evaluated as code (eval/Execute/ExecuteGlobal one-liner, China Chopper style)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.mandiant.com/resources/blog/breaking-down-the-china-chopper-web-shell-part-i"
        score = 90
        category = "webshell"
        family = "china-chopper"
    strings:
        $e1 = /<%[^%]{0,200}\b(eval|execute|executeglobal)\s*\(?\s*request\s*(\.(item|form|querystring|cookies))?\s*[\(\[]/ nocase
        $e2 = /\beval\s*\(\s*Request\s*(\.Item)?\s*\[[^\]]{1,40}\]\s*,\s*["']unsafe["']/ nocase
    condition:
        any of them
}

rule triage_asp_shell_exec
{
    meta:
        description = "ASP/ASPX: request input run as an OS command (WScript.Shell / Process.Start / cmd.exe)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://learn.microsoft.com/en-us/dotnet/api/system.diagnostics.process.start"
        score = 80
        category = "webshell"
        family = "aspx-cmd"
    strings:
        $ws = /CreateObject\s*\(\s*"WScript\.Shell"\s*\)/ nocase
        $wsx = /\.(exec|run)\s*\(\s*("cmd(\.exe)?\s*\/c\s*"\s*&\s*)?request/ nocase
        $ps = /Process\s*\.\s*Start\s*\(/ nocase
        $psi = /ProcessStartInfo\s*\(/ nocase
        $cmd = "cmd.exe" nocase
        $req = /Request\s*(\.(Form|QueryString|Params|Item|Headers))?\s*[\[\(]\s*"/ nocase
        $page = /<%@\s*(Page|WebHandler)/ nocase
        $out = "StandardOutput" nocase
    condition:
        filesize < 500KB and (($ws and $wsx) or ($page and ($ps or $psi) and $req and ($cmd or $out)))
}

rule triage_aspx_assembly_load
{
    meta:
        description = "ASPX: loads a .NET assembly from (decrypted) request bytes (Behinder/Godzilla ASPX style)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://learn.microsoft.com/en-us/dotnet/api/system.reflection.assembly.load"
        score = 90
        category = "webshell"
        family = "behinder-godzilla-aspx"
    strings:
        $load = /Assembly\s*\.\s*Load\s*\(|GetMethod\s*\(\s*"Load"/ nocase
        $in1 = /Request\s*\.\s*BinaryRead\s*\(/ nocase
        $in2 = /Request\s*\.\s*(Form|Item|Params)\s*[\[\(]/ nocase
        $in3 = "Request.InputStream" nocase
        $in4 = /(Context|HttpContext\.Current)\s*\.\s*Request\s*[\[\.]/ nocase
        $c1 = "RijndaelManaged" nocase
        $c2 = "FromBase64String" nocase
        $c3 = "CreateDecryptor" nocase
        $run = "CreateInstance" nocase
    condition:
        filesize < 200KB and $load and 1 of ($in*) and 1 of ($c*) and $run
}

rule triage_aspx_jscript_eval
{
    meta:
        description = "ASPX: a server-side JScript.NET block that calls eval (the one-liner family: eval of request data, often with the 'unsafe' flag spelled in pieces)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://learn.microsoft.com/en-us/previous-versions/visualstudio/visual-studio-2010/b51a45x6(v=vs.100)"
        score = 75
        category = "webshell"
        family = "aspx-jscript-eval"
    strings:
        $js1 = /<script[^>]{0,80}runat\s*=\s*["']?server[^>]{0,80}language\s*=\s*["']?(JScript|javascript)/ nocase
        $js2 = /<script[^>]{0,80}language\s*=\s*["']?(JScript|javascript)[^>]{0,80}runat\s*=\s*["']?server/ nocase
        $js3 = /<%@\s*Page\s[^>]{0,120}Language\s*=\s*["']?(JScript|js)["'\s]/ nocase
        $eval = /\beval\s*\(/
        $in1 = /Request\s*(\.\s*(Item|Form|QueryString|Params|Headers|Cookies))?\s*[\[\(]/ nocase
        $in2 = "FromBase64String" nocase
        $in3 = "unsafe" nocase
    condition:
        filesize < 100KB and any of ($js*) and $eval and any of ($in*)
}
