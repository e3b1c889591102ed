<%@ Page Language="C#" %>
<%-- triage-expect: triage_dualuse_sql_console --%>
<%@ Import Namespace="System.Data.SqlClient" %>
<script runat="server">
    void Run_Click(object s, EventArgs e) {
        using (var conn = new SqlConnection()) {
            conn.ConnectionString = connText.Text;
            conn.Open();
            var cmd = new SqlCommand(sqlText.Text, conn);
            grid.DataSource = cmd.ExecuteReader();
            grid.DataBind();
        }
    }
</script>
<form runat="server">
  <asp:TextBox ID="connText" runat="server" Width="600" />
  <asp:TextBox ID="sqlText" runat="server" TextMode="MultiLine" />
  <asp:Button ID="run" runat="server" Text="Execute" OnClick="Run_Click" />
  <asp:GridView ID="grid" runat="server" />
</form>
