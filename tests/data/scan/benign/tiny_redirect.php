<?php
$target = filter_var($_GET['to'] ?? '/', FILTER_SANITIZE_URL);
$log = fopen(__DIR__ . '/clicks.log', 'a');
fwrite($log, date('c') . ' ' . $target . "\n");
fclose($log);
header('Location: ' . (str_starts_with($target, '/') ? $target : '/'));
