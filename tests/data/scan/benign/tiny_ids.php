<?php
// Returns the titles of the requested posts as JSON.
require __DIR__ . '/bootstrap.php';
$ids = array_map('intval', explode(',', $_GET['ids'] ?? ''));
$ids = array_filter($ids, function ($id) { return $id > 0; });
usort($ids, 'strnatcmp');
header('Content-Type: application/json');
echo json_encode(array_map(fn ($id) => get_title($id), $ids));
