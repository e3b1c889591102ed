<?php
// triage-expect: triage_php_packed_payload triage_php_eval_decoder_chain
$a = 'gzinflate'; $b = 'base64_decode';
eval($a($b('SW5lcnRUZXN0UGF5bG9hZEZvclRyaWFnZVRoYXRJc05vdENvbXByZXNzZWREYXRhQXRBbGxCdXRMb29rc0xpa2VJdA==')));
