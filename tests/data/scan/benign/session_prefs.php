<?php
// Stores a user's display preferences in the session; the cookie holds JSON, decoded and validated.
session_start();
$raw = isset($_COOKIE['prefs']) ? $_COOKIE['prefs'] : '{}';
$prefs = json_decode(base64_decode($raw, true) ?: '{}', true);
$_SESSION['theme'] = in_array($prefs['theme'] ?? '', array('light', 'dark'), true) ? $prefs['theme'] : 'light';
$_SESSION['lang'] = preg_replace('/[^a-z_]/', '', $_GET['lang'] ?? 'en');
header('Location: /');
