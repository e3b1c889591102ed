<?php
// triage-expect: triage_php_known_kit_banner
// only the banner of a spam kit, the way it titles its page
echo '<html><head><title>Leaf PHPMailer</title></head><body>';
echo '<form method="post"><textarea name="emails"></textarea></form></body></html>';
