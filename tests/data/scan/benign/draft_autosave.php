<?php
// Saves the editor's draft to the user's own file; the path is fixed, only the text comes from the form.
session_start();
$path = __DIR__ . '/drafts/' . (int) $_SESSION['uid'] . '.txt';
$h = fopen($path, 'w');
fwrite($h, substr((string) $_POST['text'], 0, 65536));
fclose($h);
$db = new mysqli('localhost', 'app', getenv('DB_PASS'), 'app');
$st = $db->prepare('UPDATE drafts SET saved = NOW() WHERE uid = ?');
$st->bind_param('i', $_SESSION['uid']);
$st->execute();
