<?php
/**
 * Main loader script
 */
require_once 'libraries/common.inc.php';
