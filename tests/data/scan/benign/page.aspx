<%@ Page Language="C#" AutoEventWireup="true" %>
<script runat="server">
protected void Page_Load(object sender, EventArgs e) {
    string q = Request.QueryString["q"] ?? "";
    Label1.Text = Server.HtmlEncode(q);
}
</script>
<asp:Label ID="Label1" runat="server" />
