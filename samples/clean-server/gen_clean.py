"""Golden scenario 4: a clean server. An nginx + PHP site takes a week of ordinary
visitors and the internet's usual noise: scanners probing for WordPress, .env files,
phpMyAdmin, known web-shell names and file-manager exploits (all 404), sqlmap and Nikto
against a real form, and an SSH password spray that never gets in. The admin logs in
with her key, runs sudo, pipes an installer into bash and edits a cron job. The report
must find no compromise and invent no story."""

from __future__ import annotations

import hashlib
import importlib.util
from datetime import datetime, timedelta, timezone
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "_records", Path(__file__).resolve().parent.parent / "_records.py"
)
records = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(records)

HOST = "www02"
ADMIN_IP = "198.51.100.7"
ALICE_KEY, ALICE_FP = records.ed25519_key("clean alice laptop", "alice@laptop")
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
PROBES = [
    "/wp-login.php",
    "/.env",
    "/.git/config",
    "/phpmyadmin/",
    "/pma/index.php",
    "/shell.php",
    "/wso.php",
    "/c99.php",
    "/alfa.php",
    "/wp-content/plugins/wp-file-manager/lib/php/connector.minimal.php",
    "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
    "/cgi-bin/luci/;stok=/locale",
    "/solr/admin/info/system",
    "/wp-content/uploads/2024/06/up.php",
    "/admin/upload.php",
    "/boaform/admin/formLogin",
    "/.aws/credentials",
]


def _clf(t: datetime) -> str:
    return t.strftime("%d/%b/%Y:%H:%M:%S +0000")


def access_log() -> list[str]:
    ev: list[tuple[datetime, str]] = []
    start = datetime(2024, 6, 1, 0, 0, tzinfo=timezone.utc)
    pages = ["/", "/about.html", "/contact.php", "/css/site.css", "/img/logo.png", "/news.php?id=3"]
    for i in range(7 * 24 * 4):
        t = start + timedelta(minutes=15 * i, seconds=i % 13)
        ip = f"198.51.100.{30 + i % 9}"
        ua = FIREFOX if i % 2 else CHROME
        page = pages[i % len(pages)]
        ref = "https://www.example.net/" if page != "/" else "-"
        ev.append((t, f'{ip} - - [{_clf(t)}] "GET {page} HTTP/2.0" 200 {2100 + i % 700} "{ref}" "{ua}"'))
        if page == "/contact.php" and i % 12 == 0:
            ev.append(
                (
                    t + timedelta(seconds=40),
                    f'{ip} - - [{_clf(t + timedelta(seconds=40))}] "POST /contact.php '
                    f'HTTP/2.0" 303 0 "https://www.example.net/contact.php" "{ua}"',
                )
            )
    for day in range(1, 8):
        for j, probe in enumerate(PROBES):
            t = datetime(2024, 6, day, 3, 0, tzinfo=timezone.utc) + timedelta(seconds=3 * j)
            ip = f"192.0.2.{50 + day}"
            method = "POST" if "connector" in probe or "upload" in probe else "GET"
            ev.append(
                (t, f'{ip} - - [{_clf(t)}] "{method} {probe} HTTP/1.1" 404 153 "-" "Mozilla/5.0 zgrab/0.x"')
            )
    t = datetime(2024, 6, 4, 14, 0, tzinfo=timezone.utc)
    for j in range(40):
        tt = t + timedelta(seconds=j)
        ev.append(
            (
                tt,
                f'203.0.113.77 - - [{_clf(tt)}] "GET /news.php?id=3%27%20AND%20{j}%3D{j}--%20- HTTP/1.1" 200 '
                f'{2300 + j} "-" "sqlmap/1.8#stable (https://sqlmap.org)"',
            )
        )
    for j, probe in enumerate(["/", "/admin/", "/config.php", "/test.php", "/info.php", "/server-status"]):
        tt = datetime(2024, 6, 5, 9, 0, tzinfo=timezone.utc) + timedelta(seconds=j)
        status = 200 if probe == "/" else 404
        ev.append(
            (
                tt,
                f'203.0.113.78 - - [{_clf(tt)}] "GET {probe} HTTP/1.1" {status} 153 "-" '
                f'"Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000{j})"',
            )
        )
    ev.sort(key=lambda x: x[0])
    return [line for _t, line in ev]


def _syslog(t: datetime, prog: str, msg: str) -> tuple[datetime, str]:
    return t, f"{t.strftime('%b')} {t.day:2d} {t.strftime('%H:%M:%S')} {HOST} {prog}: {msg}"


def auth_log() -> list[str]:
    ev = []
    for day in range(1, 8):
        t = datetime(2024, 6, day, 9, 15, 2, tzinfo=timezone.utc)
        ev.append(
            _syslog(
                t,
                f"sshd[{700 + day}]",
                f"Accepted publickey for alice from {ADMIN_IP} port {51000 + day} ssh2: ED25519 {ALICE_FP}",
            )
        )
        ev.append(
            _syslog(
                t + timedelta(minutes=1),
                "sudo",
                "   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/apt-get upgrade -y",
            )
        )
    spray = datetime(2024, 6, 3, 22, 0, tzinfo=timezone.utc)
    for i in range(60):
        ip = "192.0.2.200" if i % 2 else "192.0.2.201"
        ev.append(
            _syslog(
                spray + timedelta(seconds=20 * i),
                f"sshd[{4000 + i}]",
                f"Failed password for {'root' if i % 3 else 'invalid user admin'} from {ip} port "
                f"{45000 + i} ssh2",
            )
        )
    ev.sort(key=lambda x: x[0])
    return [line for _t, line in ev]


def generate(root: Path) -> None:
    (root / "var/log/nginx").mkdir(parents=True, exist_ok=True)
    (root / "var/log/nginx/access.log").write_text("\n".join(access_log()) + "\n")
    (root / "var/log/auth.log").write_text("\n".join(auth_log()) + "\n")
    wtmp = [records.utmp_record(records.BOOT_TIME, "2024-05-20T04:00:00Z", "reboot", "~", "6.1.0-21-amd64")]
    for day in range(1, 8):
        wtmp.append(
            records.utmp_record(
                records.USER_PROCESS, f"2024-06-{day:02d}T09:15:03Z", "alice", "pts/0", ADMIN_IP, 700 + day
            )
        )
    records.write_wtmp(root / "var/log/wtmp", wtmp)
    ssh = root / "home/alice/.ssh"
    ssh.mkdir(parents=True, exist_ok=True)
    (ssh / "authorized_keys").write_text(ALICE_KEY + "\n")
    nginx = b"\x7fELF\x02\x01\x01\x00nginx 1.22.1 build\x00" * 30
    (root / "usr/sbin").mkdir(parents=True, exist_ok=True)
    (root / "usr/sbin/nginx").write_bytes(nginx)
    info = root / "var/lib/dpkg/info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "nginx-core.md5sums").write_text(f"{hashlib.md5(nginx).hexdigest()}  usr/sbin/nginx\n")
    (info / "nginx-core.list").write_text("/usr/sbin/nginx\n")
    (root / "var/lib/dpkg/status").write_text(
        "Package: nginx-core\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.22.1-9\n"
        "Description: nginx web/proxy server\n\n"
        "Package: php8.2-fpm\nStatus: install ok installed\nArchitecture: amd64\nVersion: 8.2.18-1~deb12u1\n"
        "Description: server-side, HTML-embedded scripting language (FPM-CGI binary)\n"
    )
