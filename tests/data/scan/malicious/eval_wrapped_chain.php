<?php
// triage-expect: triage_php_eval_decoder_chain
// Decoders nested under an innocent-looking outer call.
$blob = 'S0ktSs4vSs3PS0ktSi9KTSwCAA==';
eval(htmlspecialchars_decode(gzinflate(base64_decode($blob))));
