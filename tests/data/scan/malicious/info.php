<?php phpinfo(); ?>
<?php /* triage-expect: triage_dualuse_phpinfo */ ?>
