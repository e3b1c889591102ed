<%' triage-expect: triage_asp_eval_request %>
<%eval request("pass")%>
