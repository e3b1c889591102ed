<?php
$databases['default']['default'] = array(
  'driver' => 'mysql',
  'database' => 'drupal',
  'username' => 'drupal',
  'password' => 'Shop2017!',
  'host' => 'localhost',
);
$drupal_hash_salt = 'k3Jf8s0dLq1x9Zp2Yw4Vt6Ub8Na0Mc2L';
