<?php
// triage-expect: triage_php_request_var_to_sink
// The command is un-escaped on its way to the shell.
$dir = str_replace("\\\\", "\\", $_POST['d']);
$cmd = str_replace("\\\\", "\\", $_POST['c']);
if ($cmd !== '') {
    chdir($dir);
    echo '<pre>';
    system($cmd . ' 2>&1');
    echo '</pre>';
}
