<?php
// triage-expect: triage_dualuse_phpmyadmin
/**
 * Main loader script of phpMyAdmin
 */
declare(strict_types=1);
if (! defined('ROOT_PATH')) {
    define('ROOT_PATH', __DIR__ . DIRECTORY_SEPARATOR);
}
define('PHPMYADMIN', true);
require_once ROOT_PATH . 'libraries/common.inc.php';
