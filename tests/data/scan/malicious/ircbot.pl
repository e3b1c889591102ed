#!/usr/bin/perl
# triage-expect: triage_irc_bot
# Inert imitation of a Perl shellbot's command loop.
my $server = "irc.example.invalid";
print $sock "NICK bot123\r\n";
print $sock "USER bot 8 * :bot\r\n";
print $sock "JOIN #chan\r\n";
while (my $line = <$sock>) {
    if ($line =~ /^PING (.*)/) { print $sock "PONG $1\r\n"; }
    if ($line =~ /PRIVMSG .* :!udpflood (\S+)/) { udpflooder($1); }
    if ($line =~ /PRIVMSG .* :!portscan (\S+)/) { portscan($1); }
}
sub udpflooder { return; }
sub portscan { return; }
