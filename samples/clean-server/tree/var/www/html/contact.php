<?php
// Contact form: stores the message and redirects.
$name = isset($_POST['name']) ? substr(strip_tags($_POST['name']), 0, 100) : '';
$msg = isset($_POST['message']) ? substr(strip_tags($_POST['message']), 0, 2000) : '';
if ($_SERVER['REQUEST_METHOD'] === 'POST' && $name !== '' && $msg !== '') {
    $db = new PDO('sqlite:/var/lib/site/messages.db');
    $st = $db->prepare('INSERT INTO messages (name, message) VALUES (?, ?)');
    $st->execute([$name, $msg]);
    header('Location: /thanks.html', true, 303);
    exit;
}
?><!doctype html><html><body><form method="post"><input name="name"><textarea name="message"></textarea>
<button>Send</button></form></body></html>
