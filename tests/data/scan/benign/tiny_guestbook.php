<?php
// Appends a visitor's note to the guestbook file.
$note = $_POST['note'];
$file = __DIR__ . '/guestbook.txt';
file_put_contents($file, date('c') . ' ' . strip_tags($note) . "\n", FILE_APPEND | LOCK_EX);
header('Location: /guestbook.php');
