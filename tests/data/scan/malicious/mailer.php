<?php
// triage-expect: triage_php_mass_mailer
// Mass mailer in the style of Leaf/Owl PHPMailer clones (inert sample).
$emaillist = explode("\n", $_POST['emails']);
$subject = $_POST['subject'];
$message = $_POST['message'];
$headers = "From: " . $_POST['from'] . "\r\nReply-To: " . $_POST['from'] . "\r\nX-Priority: 1\r\n";
foreach ($emaillist as $to) {
    if (mail($to, $subject, $message, $headers)) { echo "sent $to<br>"; }
}
