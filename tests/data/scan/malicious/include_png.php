<?php
// triage-expect: triage_php_include_hidden_file
@include_once('/var/www/html/wp-content/uploads/2023/04/thumb-150x150.png');
