<?php
// A CMS block renderer: stored PHP from the site's own database is evaluated (like Drupal's php
// filter); no URL is fetched.
function render_block(PDO $db, int $id): string {
    $code = $db->query('SELECT body FROM blocks WHERE id = ' . $id)->fetchColumn();
    ob_start();
    eval('?>' . $code);
    return ob_get_clean();
}
