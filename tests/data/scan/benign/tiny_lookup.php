<?php
// a tiny lookup page: request value in a variable, passed to safe functions only
$host = $_POST['host'];
$safe = escapeshellarg($host);
echo htmlspecialchars(trim($host));
$rows = array_filter(explode("\n", file_get_contents('/etc/hosts')));
echo count($rows);
