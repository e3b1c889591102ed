<%@codepage=65000%>
<%
' triage-expect: triage_asp_utf7_or_encoded_source
' the page text below is UTF-7; ASP decodes it before running it (here: an inert response.write)
+AHIAZQBzAHAAbwBuAHMAZQAuAHcAcgBpAHQAZQAoACIAaQBuAGUAcgB0ACIAKQ-
%>
