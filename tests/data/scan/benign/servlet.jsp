<%@ page contentType="text/html; charset=UTF-8" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%
    String name = request.getParameter("name");
    if (name == null) { name = "world"; }
    java.io.File dir = new java.io.File(application.getRealPath("/WEB-INF/data"));
    for (java.io.File f : dir.listFiles()) { out.println(f.getName()); }
%>
<p>Hello <c:out value="<%= name %>"/></p>
