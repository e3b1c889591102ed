<%@ Language="VBScript" %>
<!--#include file="conn.asp"-->
<%
' order list: SQL through ADO, a line appended to the site's own log
id = Replace(Replace(Request.QueryString("id"), "'", "''"), ";", "")
note = Request.Form("note")
Set rs = conn.Execute("SELECT * FROM orders WHERE id = " & CLng(id))
conn.Execute(Replace(Replace("UPDATE orders SET seen = 1 WHERE id = {id}", "{id}", CLng(id)), ";", ""))
Set fso = Server.CreateObject("Scripting.FileSystemObject")
Set logf = fso.OpenTextFile(Server.MapPath("logs/orders.log"), 8, True)
logf.WriteLine Now() & " " & id & " " & note
logf.Close
%>
<script type="text/javascript">
var cfg = eval(unescape("%7B%22page%22%3A1%7D"));
</script>
<% Do While Not rs.EOF %><tr><td><%= Server.HTMLEncode(rs("name")) %></td></tr><% rs.MoveNext : Loop %>
