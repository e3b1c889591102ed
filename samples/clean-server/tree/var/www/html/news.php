<?php
$id = isset($_GET['id']) ? (int) $_GET['id'] : 1;
$db = new PDO('sqlite:/var/lib/site/news.db');
$st = $db->prepare('SELECT title, body FROM news WHERE id = ?');
$st->execute([$id]);
$row = $st->fetch(PDO::FETCH_ASSOC) ?: ['title' => 'Not found', 'body' => ''];
echo '<h1>' . htmlspecialchars($row['title']) . '</h1><div>' . htmlspecialchars($row['body']) . '</div>';
