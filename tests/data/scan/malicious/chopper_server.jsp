<%-- triage-expect: triage_chopper_server_protocol --%>
<%
    // inert outline of the server side of a Chopper-style client: the protocol markers and the switch
    String Z = request.getParameter("placeholder") + "";
    StringBuffer sb = new StringBuffer("");
    sb.append("->" + "|");
    if (Z.equals("A")) { sb.append(application.getRealPath("/")); }
    else if (Z.equals("B")) { sb.append("list"); }
    else if (Z.equals("C")) { sb.append("read"); }
    else if (Z.equals("D")) { sb.append("write"); }
    else if (Z.equals("E")) { sb.append("delete"); }
    sb.append("|" + "<-");
    out.print(sb.toString());
%>
