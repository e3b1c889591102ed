<?php
// Normalises a search term before the search page includes it.
$term = filter_var($_GET['q'] ?? '', FILTER_CALLBACK, array('options' => 'trim'));
$sorted = array_udiff(explode(' ', $term), array(''), 'strcasecmp');
echo htmlspecialchars(implode(' ', $sorted));
