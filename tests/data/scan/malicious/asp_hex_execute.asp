<%
' triage-expect: triage_asp_execute_hex_literal
' Keyed hex decoder: each pair minus a key digit; the decoded text here is inert.
Function dx(s, k)
  Dim i, o : o = ""
  For i = 1 To Len(s) Step 2
    o = o & Chr(CLng("&H" & Mid(s, i, 2)) - CInt(Mid(k, ((i \ 2) Mod Len(k)) + 1, 1)))
  Next
  dx = o
End Function
Execute dx("66747368756E22226A7470667623", "1314")
%>
