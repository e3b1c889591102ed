<?php
// A careful upload handler: checks type and size, stores under a random name.
$allowed = array('jpg' => 'image/jpeg', 'png' => 'image/png');
$ext = strtolower(pathinfo($_FILES['avatar']['name'], PATHINFO_EXTENSION));
if (!isset($allowed[$ext]) || $_FILES['avatar']['size'] > 1048576) {
    http_response_code(400);
    exit('bad file');
}
$finfo = new finfo(FILEINFO_MIME_TYPE);
if ($finfo->file($_FILES['avatar']['tmp_name']) !== $allowed[$ext]) { exit('bad type'); }
$name = bin2hex(random_bytes(16)) . '.' . $ext;
move_uploaded_file($_FILES['avatar']['tmp_name'], __DIR__ . '/uploads/' . $name);
?>
<form method="post" enctype="multipart/form-data"><input type="file" name="avatar"></form>
