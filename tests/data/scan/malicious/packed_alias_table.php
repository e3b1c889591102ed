<?php
// triage-expect: triage_php_packed_payload
// Packed loader: the decoder's name sits in a variable inside a helper that first undoes a
// character substitution; the caller evals the helper's result.
function unmix_q($text, $table) {
    $out = '';
    foreach (str_split($text) as $ch) {
        $out .= array_key_exists($ch, $table) ? $table[$ch] : $ch;
    }
    $fn = 'base64_decode';
    return $fn($out);
}
$payload = 'ZWNobyAiaW5lcnQgcGF5bG9hZCBmb3IgdHJpYWdlIHRlc3RzOyBub3RoaW5nIHJ1bnMgaGVyZSI7IC8v'
         . 'IHN1YnN0aXR1dGlvbiB0YWJsZSBpcyB0aGUgaWRlbnRpdHkgaW4gdGhpcyBzeW50aGV0aWMgc2FtcGxl'
         . 'IHNvIHRoZSBwYXlsb2FkIGRlY29kZXMgdG8gYSBoYXJtbGVzcyBlY2hvIHN0YXRlbWVudCBvbmx5IQ==';
$code = unmix_q($payload, array('-' => '+', '_' => '/'));
eval($code);
