<%@ page contentType="text/html; charset=UTF-8" %>
<%
    // labels with non-ASCII letters escaped, and JSON escaping for a script block
    String title = "Gr\u00fc\u00dfe aus M\u00fcnchen \u2014 \u65e5\u672c\u8a9e";
    String json = "{\"msg\":\"\u003cb\u003ehello\u003c/b\u003e\"}";
    out.println("<h1>" + title + "</h1>");
%>
<script>var data = <%= json %>;</script>
