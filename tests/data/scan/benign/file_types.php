<?php
// recognises uploads by their first bytes, encoded the way the magic tables of some libraries are
$signatures = array(
    'exe' => 'TVqQ',
    'elf' => 'f0VMRgIBAQ',
    'png' => 'iVBORw0KGgo',
);
$head = base64_encode(substr(file_get_contents($_FILES['f']['tmp_name']), 0, 8));
foreach ($signatures as $type => $sig) {
    if (strpos($head, $sig) === 0) { echo $type; }
}
