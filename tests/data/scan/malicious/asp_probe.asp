<%' triage-expect: triage_asp_component_probe %>
<%
Server.ScriptTimeout = 99999
On Error Resume Next
Dim Parts(8)
Parts(0) = "Scripting.FileSystemObject" : Parts(1) = "WScript.Shell" : Parts(2) = "ADOX.Catalog"
Parts(3) = "JRO.JetEngine" : Parts(4) = "Adodb.Stream" : Parts(5) = "Persits.Upload.1"
Parts(6) = "JMail.SmtpMail" : Parts(7) = "CDONTS.NewMail" : Parts(8) = "Microsoft.XMLHTTP"
For i = 0 To 8
  Set o = Server.CreateObject(Parts(i))
  If Err = 0 Then Response.Write Parts(i) & " ok<br>" Else Response.Write Parts(i) & " missing<br>" : Err.Clear
  Set o = Nothing
Next
%>
