<?php
// triage-expect: triage_php_request_direct_exec
include($_GET['page']);
