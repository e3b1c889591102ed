<!--- Monthly report: a fixed command with a validated month from the URL. --->
<cfparam name="URL.month" default="#DateFormat(Now(), 'yyyy-mm')#">
<cfif REFind("^\d{4}-\d{2}$", URL.month)>
  <cfexecute name="/opt/reports/bin/monthly" arguments="--month=#URL.month#" timeout="30" variable="out"></cfexecute>
</cfif>
<cffile action="write" file="/var/cache/reports/last.txt" output="#out#">
