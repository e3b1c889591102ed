<?php
// triage-expect: triage_php_superglobal_by_name
// $_POST reached through its name; each posted key is a function, its value the argument.
class Runner { function __construct($f, $a) { $f($a); } }
foreach (array('_POST') as $src) {
    foreach ($$src as $k => $v) {
        $r = new ReflectionClass('Runner');
        $r->newInstance($k, $v);
        break;
    }
}
