<?php
// ordinary includes: plain paths, PHP files, and an image path that is only echoed
require_once __DIR__ . '/vendor/autoload.php';
include 'templates/header.php';
$logo = '/assets/img/logo.png';
echo '<img src="' . htmlspecialchars($logo) . '">';
printf("%s\n", "C:\\temp\\x41.log");
