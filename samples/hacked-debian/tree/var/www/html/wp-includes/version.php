<?php
/**
 * WordPress Version
 */
$wp_version = '5.0.3';
$wp_db_version = 43764;
$tinymce_version = '4800-20180716';
$required_php_version = '5.2.4';
$required_mysql_version = '5.0';
