<?php
// triage-expect: triage_dualuse_file_manager
/* Tiny File Manager style configuration (inert) */
$auth_users = array('admin' => '$2y$10$placeholderplaceholderplaceholderplaceholderplace');
if (!empty($_FILES['file'])) { move_uploaded_file($_FILES['file']['tmp_name'], $path . '/' . basename($_FILES['file']['name'])); }
