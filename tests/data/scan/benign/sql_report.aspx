<%@ Page Language="C#" %>
<%-- A fixed report: the connection comes from web.config and the SQL is fixed; only a parameter varies. --%>
<script runat="server">
    void Page_Load(object s, EventArgs e) {
        var cs = System.Configuration.ConfigurationManager.ConnectionStrings["reports"].ConnectionString;
        using (var conn = new System.Data.SqlClient.SqlConnection(cs)) {
            var cmd = new System.Data.SqlClient.SqlCommand("SELECT name, total FROM sales WHERE region = @r", conn);
            cmd.Parameters.AddWithValue("@r", region.Text);
            conn.Open();
            grid.DataSource = cmd.ExecuteReader();
            grid.DataBind();
        }
    }
</script>
