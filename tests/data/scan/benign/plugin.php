<?php
/**
 * Plugin-style handler: request input is validated and escaped, callbacks are fixed names.
 */
if (!defined('ABSPATH')) { exit; }
add_action('wp_ajax_save_note', 'demo_save_note');
function demo_save_note() {
    check_ajax_referer('demo');
    $note = isset($_POST['note']) ? sanitize_text_field(wp_unslash($_POST['note'])) : '';
    $ids = array_map('intval', (array) $_POST['ids']);
    usort($ids, function ($a, $b) { return $a <=> $b; });
    $kept = array_filter($_POST['flags']);
    call_user_func(array('Demo_Notes', 'save'), $note, $ids);
    echo esc_html($note);
    wp_die();
}
// Documentation: the `$_POST['action']` value names the AJAX hook.
