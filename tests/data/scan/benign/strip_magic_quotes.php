<?php
// Undoes magic_quotes_gpc on every superglobal in turn, as PHP 5 era applications did; the names
// are strings and reached through $$, which is what a shell hiding $_POST does with one of them.
if (function_exists('get_magic_quotes_gpc') && get_magic_quotes_gpc()) {
    foreach (array('_GET', '_POST', '_COOKIE', '_REQUEST') as $name) {
        array_walk_recursive($$name, function (&$value) { $value = stripslashes($value); });
    }
}
$debug_vars['_POST'] = array('$_POST', '#F49AC1');
