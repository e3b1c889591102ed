<?php
// triage-expect: triage_php_mass_mailer
// Spam mailer with its form fields in Portuguese: the list lands in a variable before it is split.
$de = $_POST['remetente']; $nome = $_POST['nome'];
$assunto = $_POST['assunto']; $corpo = stripslashes($_POST['corpo']);
$destinos = $_POST['destinos'];
$lista = explode("\n", $destinos);
$k = 0;
while (isset($lista[$k])) {
    $h  = "From: $nome <$de>\n";
    $h .= "Reply-To: $de\n";
    $h .= "Return-Path: $de\n";
    $h .= "X-Priority: 1\n";
    echo mail($lista[$k], $assunto, $corpo, $h) ? "OK $k<br>" : "FALHA $k<br>";
    $k++;
}
