<?php
/**
  Plugin Name: WP File Manager
  Plugin URI: https://wordpress.org/plugins/wp-file-manager
  Description: Manage your WP files.
  Author: mndpsingh287
  Version: 6.0
  Author URI: https://profiles.wordpress.org/mndpsingh287
  License: GPLv2
**/
