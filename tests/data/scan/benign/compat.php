<?php
// Polyfills and compatibility shims commonly found in libraries.
if (!function_exists('hex2bin')) {
    function hex2bin($data) { return pack('H*', $data); }
}
$map = array('encode' => 'base64_encode', 'decode' => 'base64_decode');
$fn = $map['decode'];
$value = $fn('aGVsbG8=');
$class = 'Demo_' . ucfirst($type);
$obj = new $class();
$method = 'on' . ucfirst($event);
$obj->$method($args);
$s = chr(27) . chr(91) . 'm';
