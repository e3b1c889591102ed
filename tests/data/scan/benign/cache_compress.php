<?php
// compresses the cache folder's pages next to themselves; the originals stay
function compress_cache($dir) {
    foreach (array_diff(scandir($dir), array('.', '..')) as $name) {
        $path = $dir . '/' . $name;
        if (is_file($path) && substr($path, -5) === '.html') {
            file_put_contents($path . '.gz', gzencode(file_get_contents($path), 9));
        }
    }
    foreach (glob($dir . '/*.tmp') as $stale) { @unlink($stale); }
}
compress_cache(__DIR__ . '/cache');
