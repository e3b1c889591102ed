<?php
// triage-expect: triage_php_eval_decoder_chain
eval(gzinflate(base64_decode('NDJGb2xkZXJPZlRlc3REYXRhVGhhdElzTm90UmVhbGx5Q29tcHJlc3NlZEF0QWxs')));
