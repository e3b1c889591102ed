<%@ Page Language="C#" %>
<script runat="server">
protected void Save(object sender, EventArgs e) {
    // the upload keeps only its file name, under the site's own folder
    var f = Request.Files["doc"];
    string name = System.IO.Path.GetFileName(f.FileName);
    f.SaveAs(Server.MapPath("~/App_Data/uploads/" + name));
    using (var log = new System.IO.StreamWriter(Server.MapPath("~/App_Data/upload.log"), true)) {
        log.WriteLine(Request.Form["who"] + " " + name);
    }
}
</script>
