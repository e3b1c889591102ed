<?php
// triage-expect: triage_dualuse_sql_console
// Database client driven by the URL: server, account and query all come from the query string.
$link = mysqli_connect($_GET['h'], $_GET['u'], $_GET['p']);
$res = mysqli_query($link, $_GET['q']);
while ($row = mysqli_fetch_row($res)) { echo htmlspecialchars(implode("\t", $row)), "<br>"; }
