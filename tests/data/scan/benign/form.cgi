#!/usr/bin/perl
use strict;
use CGI qw(:standard);
print "Content-type: text/html\n\n";
my $name = param('name') // '';
$name =~ s/[^\w ]//g;
system('/usr/bin/logger', '-t', 'form', 'submitted');
print "<p>Thanks, $name</p>\n";
