<?php
// triage-expect: triage_php_hidden_function_names
// The statement is written backwards and turned round when it runs: eval(base64_decode("..."))
eval(strrev(';))"=0nbpRXY0N3Yv5WZ0JXZ25WaiACdy9mYvNXauUGbwFWbzBSbxV3b"(edoced_46esab(lave'));
