<?php
// triage-expect: triage_php_encoded_code_writer
// Drops a page whose PHP sits after some HTML, so the encoded text does not start with <?php.
if (!file_exists('maint.php')) {
    $h = fopen('maint.php', 'w');
    fwrite($h, base64_decode("PGh0bWw+PGJvZHk+PHA+U2l0ZSB1bmRlciBtYWludGVuYW5jZTwvcD48L2JvZHk+PC9odG1sPjw/cGhwIGVjaG8gJ2luZXJ0IHNhbXBsZSc7ID8+"));
    fclose($h);
}
