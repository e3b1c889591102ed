<?php
// A contact form: one fixed recipient, request fields only in the body.
$to = 'webmaster@example.com';
$subject = 'Contact form';
$body = strip_tags($_POST['message']);
$tags = explode(",", $_POST['tags']);
foreach ($tags as $t) { $body .= "\n#" . trim($t); }
mail($to, $subject, $body, "Reply-To: noreply@example.com");
