<?php
// triage-expect: triage_php_xor_built_names
// The statement to run is never written: each four-byte slice is two quoted strings XOR-ed.
$s = ("ZZZZ"^"?925").("cKHV"^"Cl!8").("TFJG"^"14>g").("KIBJ"^"8(/:").("WJjj"^";/MQ");
eval($s);
