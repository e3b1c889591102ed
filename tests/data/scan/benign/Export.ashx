<%@ WebHandler Language="C#" Class="Export" %>
using System.IO;
using System.Web;
public class Export : IHttpHandler {
    public void ProcessRequest(HttpContext ctx) {
        string name = Path.GetFileName(ctx.Request.QueryString["report"] ?? "daily");
        string csv = "date,total\n" + System.DateTime.UtcNow.ToString("s") + ",0\n";
        File.WriteAllText(ctx.Server.MapPath("~/App_Data/" + name + ".csv"), csv);
        ctx.Response.ContentType = "text/csv";
        ctx.Response.Write(csv);
    }
    public bool IsReusable { get { return true; } }
}
