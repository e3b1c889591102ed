#!/usr/bin/perl
# feedback form: parses the POST body, mails it through sendmail, logs the size
use strict;
my $sendmail = "/usr/sbin/sendmail";
my %in;
read(STDIN, my $body, $ENV{'CONTENT_LENGTH'} || 0);
for my $kv (split /&/, $body) { my ($k, $v) = split /=/, $kv, 2; $v =~ tr/+/ /; $in{$k} = $v; }
open(MAIL, "|$sendmail -t") or die "no sendmail";
print MAIL "To: webmaster\@example.org\nSubject: feedback\n\n$in{'message'}\n";
close(MAIL);
my $count = `wc -l < /var/lib/feedback/log`;
print "Content-type: text/html\n\n<p>Thank you.</p>\n";
