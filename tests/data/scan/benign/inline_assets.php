<?php
// Serves small inline assets kept as base64 literals; the decoder is chosen per encoding.
// Looks like a packer (decoder name in a variable, long literals) but never evaluates code.
$assets = array(
    'pixel.png' => 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'spacer.gif' => 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
);
$decode = 'base64_decode';
$name = isset($_GET['a']) ? basename($_GET['a']) : 'pixel.png';
if (!isset($assets[$name])) { http_response_code(404); exit; }
header('Content-Type: ' . (substr($name, -3) === 'gif' ? 'image/gif' : 'image/png'));
echo $decode($assets[$name]);
