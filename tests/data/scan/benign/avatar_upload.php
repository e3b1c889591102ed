<?php
// profile picture upload: a generated name, a checked type, outside the web root
?>
<form method="post" enctype="multipart/form-data"><input type="file" name="avatar"></form>
<?php
$allowed = array('image/png' => 'png', 'image/jpeg' => 'jpg');
$type = mime_content_type($_FILES['avatar']['tmp_name']);
if (isset($allowed[$type])) {
    $dest = '/srv/app/storage/avatars/' . bin2hex(random_bytes(16)) . '.' . $allowed[$type];
    move_uploaded_file($_FILES['avatar']['tmp_name'], $dest);
}
