<?php
// Template engines compile to PHP and eval or include the compiled code: no request input involved.
class Template {
    public function render($compiled, array $vars) {
        extract($vars, EXTR_SKIP);
        eval('?>' . $compiled);
    }
    public function run(string $cmd): string {
        $escaped = escapeshellarg($cmd);
        return (string) shell_exec('/usr/bin/convert ' . $escaped . ' 2>&1');
    }
    public function sysinfo(): array {
        return array('os' => php_uname(), 'safe' => ini_get('safe_mode'), 'disabled' => ini_get('disable_functions'));
    }
}
$cb = $_GET['sort'] === 'name' ? 'strcmp' : 'strnatcmp';
