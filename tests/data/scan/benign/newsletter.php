<?php
// Sends the monthly newsletter to confirmed subscribers from the database (admin-only cron job).
require __DIR__ . '/bootstrap.php';
$rows = $db->query("SELECT email FROM subscribers WHERE confirmed = 1")->fetchAll(PDO::FETCH_COLUMN);
$subject = 'Our news for ' . date('F Y');
$body = file_get_contents(__DIR__ . '/templates/newsletter.html');
$headers  = "From: News <news@example.org>\n";
$headers .= "Reply-To: support@example.org\n";
$headers .= "Return-Path: bounces@example.org\n";
$headers .= "X-Priority: 3\n";
$tags = explode(",", $config['tags']);
foreach ($rows as $i => $to) {
    mail($rows[$i], $subject, $body, $headers);
}
