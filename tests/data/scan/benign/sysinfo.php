<?php
// status page for the admin: a few fixed commands, nothing from the request
$lines = array(
    'Kernel' => trim(shell_exec('uname -a')),
    'Uptime' => trim(shell_exec('uptime')),
    'Disk' => trim(shell_exec('df -h /')),
);
foreach ($lines as $label => $value) {
    printf("<tr><th>%s</th><td>%s</td></tr>\n", htmlspecialchars($label), htmlspecialchars($value));
}
$page = isset($_GET['page']) ? (int) $_GET['page'] : 1;
