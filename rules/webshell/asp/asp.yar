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
        // parked in the session first, run from there
        $e3 = /\b(execute|executeglobal|eval)\s*\(?\s*session\s*\(\s*"[^"\n]{1,40}"\s*\)/ nocase
        $park = /session\s*\(\s*"[^"\n]{1,40}"\s*\)\s*=\s*request\b/ nocase
    condition:
        $e1 or $e2 or ($e3 and $park)
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
        $wsx2 = /\.(exec|run)\s*\(?\s*"cmd(\.exe)?\s*\/c\s*"\s*&\s*[a-z_][a-z_0-9]{0,30}/ nocase
        $reqv = /=\s*Request\s*(\.\s*(Form|QueryString|Item))?\s*\(/ nocase
        $ws2 = /CreateObject\s*\(\s*"WScript\.Shell"\s*\)/ nocase
        $ps = /Process\s*\.\s*Start\s*\(/ nocase
        $psi = /ProcessStartInfo\s*\(/ nocase
        $cmd = "cmd.exe" nocase
        $req = /Request\s*(\.(Form|QueryString|Params|Item|Headers))?\s*[\[\(]\s*"/ nocase
        $page = /<%@\s*(Page|WebHandler|WebService)/ nocase
        $out = "StandardOutput" nocase
        // a web service method's own argument handed to cmd.exe
        $webmethod = /\[\s*WebMethod[^\]]{0,60}\]\s*public\s+[A-Za-z_<>\[\]]{1,30}\s+[A-Za-z_0-9]{1,40}\s*\(\s*string\s+[A-Za-z_0-9]{1,30}/
        // a Process object whose command comes from a form's TextBox and is piped to the shell's stdin
        $proc = /new\s+(System\.Diagnostics\.)?Process\s*\(\s*\)/ nocase
        $stdin = /StandardInput\s*\.\s*Write(Line)?\s*\(/ nocase
        $textbox = "<asp:TextBox" nocase
    condition:
        filesize < 500KB and (($ws and $wsx) or ($ws2 and $wsx2 and $reqv) or
                              ($page and ($ps or $psi or $proc) and ($req or $textbox or $webmethod) and ($cmd or $out or $stdin)))
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
        $in5 = /\bRequest\s*\[/
        $in6 = /\bRequest\s*\.\s*Cookies\s*\[/
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
        $js3 = /<%@\s*(Page|WebHandler|WebService|Control)\s[^>]{0,120}Language\s*=\s*["']?(JScript|js)["'\s]/ nocase
        $eval = /\beval\s*\(/
        $in1 = /Request\s*(\.\s*(Item|Form|QueryString|Params|Headers|Cookies))?\s*[\[\(]/ nocase
        $in2 = "FromBase64String" nocase
        $in3 = "unsafe" nocase
        // or both spelled a letter at a time: "e"+"v"+/*-*/"a"+"l"+"("+"R"+"e"+...
        $glue = "\"+\""
    condition:
        filesize < 100KB and any of ($js*) and $eval and (any of ($in*) or #glue >= 12)
}

/*
   Classic ASP (VBScript) shells hide their code from signatures the way PHP
   ones do: the script is reversed, escaped or scrambled in a string and a
   small decoder hands it to Execute. Ordinary ASP pages include files; they
   do not Execute the output of a string function.
*/
rule triage_asp_execute_decoded
{
    meta:
        description = "ASP: Execute/ExecuteGlobal of code a decoder returns (StrReverse, unescape, Replace or a home-made function over a scrambled string)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://learn.microsoft.com/en-us/previous-versions/windows/internet-explorer/ie-developer/windows-scripting/03t418d2(v=vs.84)"
        score = 80
        category = "webshell"
        family = "asp-encoded-execute"
    strings:
        $tag = "<%"
        // a statement, not a method: conn.Execute(sql) runs SQL
        $exec_call = /[\s:>](execute|executeglobal)\s*\(?\s*[a-z_][a-z_0-9]{0,30}\s*\(/ nocase
        $exec_var = /[\s:>](execute|executeglobal)\s*\(?\s*[a-z_][a-z_0-9]{0,30}\s*\)?\s*(\r|\n|:|%>)/ nocase
        $d1 = /StrReverse\s*\(/ nocase
        $d2 = /\bunescape\s*\(/ nocase
        $d3 = /\bChrW?\s*\(\s*[0-9]{2,3}\s*\)\s*&\s*ChrW?\s*\(/ nocase
        $d4 = /Replace\s*\(\s*Replace\s*\(/ nocase
        $r1 = "tseuqer" nocase
        $r2 = "LLEHS.TPIRCSW" nocase
        $r3 = "tcejbOetaerC" nocase
        $r4 = "tcejbometsyseliF.gnitpircS" nocase
        $r5 = "noitacilppA.llehS" nocase
    condition:
        $tag and filesize < 2MB and ($exec_call or $exec_var) and (any of ($d*) or any of ($r*))
}

rule triage_asp_file_writer
{
    meta:
        description = "ASP: a small page that writes a file from request input through FileSystemObject or ADODB.Stream (stage-two dropper / uploader)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://learn.microsoft.com/en-us/office/vba/language/reference/user-interface-help/createtextfile-method"
        score = 65
        category = "webshell"
        family = "asp-dropper"
    strings:
        $tag = "<%"
        $fso = /CreateObject\s*\(\s*"Scripting\.FileSystemObject"\s*\)/ nocase
        $fso_split = /CreateObject\s*\(\s*"[^"\n]{1,30}"\s*&[^)\n]{1,60}FileSystemObject"\s*\)/ nocase
        $stream = /CreateObject\s*\(\s*"ADODB\.Stream"\s*\)/ nocase
        $create = /\.(CreateTextFile|OpenTextFile)\s*\(\s*(request\s*[\(\.]|[a-z_][a-z_0-9]{0,30}\s*[,)])/ nocase
        $save = /\.SaveToFile\s*\(\s*(request\s*[\(\.]|[a-z_][a-z_0-9]{0,30}\s*[,)]|server\.mappath\s*\(\s*request)/ nocase
        $req = /\brequest\s*(\.\s*(form|querystring|item))?\s*\(\s*"[^"]{1,30}"\s*\)/ nocase
        $write = /\.(write|writeline|writetext)\s*\(?\s*(request\s*[\(\.]|[a-z_][a-z_0-9]{0,30}\s*(\)|\r|\n|:|%>))/ nocase
        $mappath = /\.(CreateTextFile|OpenTextFile|SaveToFile)\s*\(\s*Server\.MapPath\s*\(\s*"/ nocase
    condition:
        $tag and filesize < 20KB and ($fso or $fso_split or $stream) and ($create or $save) and #req >= 2 and $write and
        not $mappath
}

rule triage_asp_component_probe
{
    meta:
        description = "ASP: probes the server for the command, file, database, upload and mail components shells use (the component table of classic ASP shells and server 'probes')"
        author = "triage"
        date = "2026-11-27"
        reference = "https://learn.microsoft.com/en-us/previous-versions/iis/6.0-sdk/ms524620(v=vs.90)"
        score = 70
        category = "webshell"
        family = "asp-shell-probe"
    strings:
        $tag = "<%"
        $shell1 = "WScript.Shell" nocase
        $shell2 = "Shell.Application" nocase
        $c1 = "Scripting.FileSystemObject" nocase
        $c2 = "ADOX.Catalog" nocase
        $c3 = "JRO.JetEngine" nocase
        $c4 = "Adodb.Stream" nocase
        $c5 = "SoftArtisans.FileUp" nocase
        $c6 = "LyfUpload.UploadFile" nocase
        $c7 = "Persits.Upload" nocase
        $c8 = "JMail.SmtpMail" nocase
        $c9 = "CDONTS.NewMail" nocase
        $c10 = "WScript.Network" nocase
        $c11 = "Microsoft.XMLHTTP" nocase
    condition:
        $tag and filesize < 2MB and any of ($shell*) and 5 of ($c*)
}

rule triage_aspx_shell_dropper
{
    meta:
        description = "ASP.NET: a handler or page that writes a file whose text is an eval-of-request one-liner (drops a second shell, often with the code split across string pieces)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://learn.microsoft.com/en-us/dotnet/api/system.io.file.createtext"
        score = 80
        category = "webshell"
        family = "aspx-dropper"
    strings:
        $w1 = /File\s*\.\s*(CreateText|WriteAllText|AppendAllText|WriteAllBytes|AppendText)\s*\(/
        $w2 = /new\s+(System\.IO\.)?(StreamWriter|FileStream)\s*\(/
        $p1 = /eval\s*\(\s*Request\s*[\.\[\(]/ nocase
        $p2 = /Page\s+Language\s*=\s*\\?["']?JScript/ nocase
        $p3 = /Execute(Global)?\s*\(?\s*Request\s*[\.\(]/ nocase
        $unsafe = "unsafe" nocase
    condition:
        filesize < 200KB and any of ($w*) and (($p1 and ($unsafe or $p2)) or $p3)
}

rule triage_aspx_request_file_writer
{
    meta:
        description = "ASP.NET: writes a file at a path the request names (StreamWriter, FileStream, File.WriteAll*), the one-line uploader of ASPX shells"
        author = "triage"
        date = "2026-11-27"
        reference = "https://learn.microsoft.com/en-us/dotnet/api/system.io.streamwriter.-ctor"
        score = 75
        category = "webshell"
        family = "aspx-dropper"
    strings:
        $w1 = /new\s+(System\.IO\.)?(StreamWriter|FileStream)\s*\(\s*(Server\.MapPath\s*\(\s*)?(HttpContext\.Current\.)?Request\s*(\.\s*(Form|QueryString|Params|Item))?\s*[\(\[]/ nocase
        $w2 = /File\s*\.\s*(WriteAllText|WriteAllBytes|AppendAllText|Create|OpenWrite)\s*\(\s*(Server\.MapPath\s*\(\s*)?(HttpContext\.Current\.)?Request\s*(\.\s*(Form|QueryString|Params|Item))?\s*[\(\[]/ nocase
        $w3 = /\.SaveAs\s*\(\s*(Server\.MapPath\s*\(\s*)?Request\s*(\.\s*(Form|QueryString|Params|Item))?\s*[\(\[]/ nocase
        $req = /Request\s*(\.\s*(Form|QueryString|Params|Item|Files))?\s*[\(\[]/ nocase
        // a form's TextBoxes for the path and the content
        $t_path = /new\s+(System\.IO\.)?(FileInfo|StreamWriter|FileStream)\s*\(\s*(Server\.MapPath\s*\(\s*)?[A-Za-z_0-9]{1,30}\.Text\s*[,)]|File\s*\.\s*(WriteAllText|AppendAllText|Create|CreateText)\s*\(\s*[A-Za-z_0-9]{1,30}\.Text\s*[,)]/
        $t_write = /\.(Write|WriteLine)\s*\(\s*[A-Za-z_0-9]{1,30}\.Text\s*\)|WriteAllText\s*\([^;\n]{1,60},\s*[A-Za-z_0-9]{1,30}\.Text\s*\)/
    condition:
        filesize < 500KB and ((any of ($w*) and #req >= 2) or ($t_path and $t_write))
}

rule triage_asp_utf7_or_encoded_source
{
    meta:
        description = "Classic ASP page whose source is hidden from readers and signatures: declared as UTF-7 (codepage 65000, '+ACI-' style text) or written with the Script Encoder (VBScript.Encode/JScript.Encode, #@~^...^#~@)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://learn.microsoft.com/en-us/previous-versions/iis/6.0-sdk/ms524658(v=vs.90)"
        score = 70
        category = "webshell"
        family = "asp-obfuscated"
    strings:
        $utf7 = /<%@\s*codepage\s*=\s*65000/ nocase
        $enc_lang = /language\s*=\s*["']?(VBScript|JScript)\.Encode/ nocase
        $enc_blob = "#@~^" ascii
    condition:
        filesize < 1MB and ($utf7 or ($enc_lang and $enc_blob))
}

rule triage_aspx_xslt_script
{
    meta:
        description = "ASPX: an XSLT stylesheet with an msxsl:script block, compiled with scripts enabled, whose script reads the request or starts a process"
        author = "triage"
        date = "2026-11-27"
        reference = "https://learn.microsoft.com/en-us/dotnet/standard/data/xml/script-blocks-using-msxsl-script"
        score = 80
        category = "webshell"
        family = "aspx-xslt"
    strings:
        $script = "msxsl:script" nocase
        $enable = /XsltSettings\s*\(\s*(false|true)\s*,\s*true\s*\)|EnableScript\s*=\s*true|XsltSettings\s*\.\s*TrustedXslt/ nocase
        $run1 = /Request\s*(\.\s*(Item|Form|QueryString|Params))?\s*[\[\(]/ nocase
        $run2 = /WScript\.Shell|Process\s*\.\s*Start|ProcessStartInfo|eval\s*\(/ nocase
    condition:
        filesize < 500KB and $script and $enable and 1 of ($run*)
}

rule triage_asp_execute_hex_literal
{
    meta:
        description = "ASP: Execute/Eval of what a home-made function returns for a long hex or digit literal (the decoder hides the code, often keyed: cd(\"6877656D...\", \"1314\"))"
        author = "triage"
        date = "2026-11-27"
        reference = "https://learn.microsoft.com/en-us/previous-versions/windows/internet-explorer/ie-developer/windows-scripting/03t418d2(v=vs.84)"
        score = 75
        category = "webshell"
        family = "asp-encoded-execute"
    strings:
        $tag = "<%"
        $x = /[\s:>(](execute|executeglobal|eval)\s*\(?\s*[a-z_][a-z_0-9]{0,20}\s*\(\s*"[0-9A-Fa-f]{24,}"/ nocase
    condition:
        $tag and filesize < 1MB and $x
}

rule triage_asp_script_control
{
    meta:
        description = "ASP: the MSScriptControl object handed the Request object and told to run a statement (eval of request data through a second script engine)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://learn.microsoft.com/en-us/previous-versions/visualstudio/visual-basic-6/aa227633(v=vs.60)"
        score = 75
        category = "webshell"
        family = "asp-script-control"
    strings:
        $add = /\.AddObject\s*\(?\s*[^,\n]{1,60},\s*request\b/ nocase
        $run = /\.(ExecuteStatement|Eval|AddCode|Run)\s*\(?/ nocase
    condition:
        filesize < 1MB and $add and $run
}

