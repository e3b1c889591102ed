"""Small case files built through the real schema (open_case + BatchWriter) with
realistic rows, for testing the report's reasoning without an image."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from triage.case import BatchWriter, open_case

UA_BROWSER = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/122.0 Safari/537.36")
UA_ATTACK = "python-requests/2.31.0"


def make_case(path: Path, rows: dict[str, list[dict[str, Any]]]) -> Path:
    db = open_case(path)
    writer = BatchWriter(db)
    for table, items in rows.items():
        for i, item in enumerate(items, 1):
            row = dict(item)
            if "flags" in row and isinstance(row["flags"], list):
                row["flags"] = json.dumps(row["flags"])
            if "reasons" in row and isinstance(row["reasons"], list):
                row["reasons"] = json.dumps(row["reasons"])
            if (
                table
                in (
                    "access_log",
                    "auth_events",
                    "cron_jobs",
                    "persistence",
                    "users",
                    "ssh_keys",
                    "shell_history",
                    "sudoers",
                )
                and "line" not in row
            ):
                row["line"] = i
            writer.add(table, {"run_id": 1, **row})
    writer.flush()
    db.execute(
        "INSERT INTO runs (id, command, status, evidence_root, started, ended) VALUES "
        "(1, 'collect', 'complete', '/mnt/evidence', '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z')"
    )
    db.conn.close()
    return path


def access(
    time: str,
    ip: str,
    method: str,
    url: str,
    status: int = 200,
    ua: str = UA_BROWSER,
    referer: str = "-",
    nbytes: int = 512,
    source: str = "/var/log/apache2/access.log",
) -> dict[str, Any]:
    path, _, query = url.partition("?")
    return {
        "source": source,
        "time": time,
        "time_text": time,
        "client_ip": ip,
        "method": method,
        "url": url,
        "path": path,
        "query": query or None,
        "protocol": "HTTP/1.1",
        "status": status,
        "bytes": nbytes,
        "referer": referer,
        "user_agent": ua,
        "vhost": "www.example.com",
    }


def afile(
    path: str,
    mtime: str,
    owner: str = "root",
    sha: str | None = None,
    ctime: str | None = None,
    btime: str | None = None,
    mime: str = "text/x-php",
    mode: int = 0o100644,
    **kw: Any,
) -> dict[str, Any]:
    name = path.rsplit("/", 1)[-1]
    return {
        "path": path,
        "path_raw": path.encode(),
        "name": name,
        "ext": name.rsplit(".", 1)[-1] if "." in name else "",
        "type": "file",
        "mode": mode,
        "perms": "-rw-r--r--",
        "uid": 33 if owner == "www-data" else 0,
        "gid": 33 if owner == "www-data" else 0,
        "owner": owner,
        "group_name": owner,
        "size": 100,
        "inode": abs(hash(path)) % 100000,
        "mtime": mtime,
        "atime": mtime,
        "ctime": ctime or mtime,
        "btime": btime,
        "md5": "d41d8cd98f00b204e9800998ecf8427e",
        "sha256": sha or f"{abs(hash(path)):064x}",
        "mime": mime,
        "magic": "PHP script",
        "suid": 0,
        "sgid": 0,
        "sticky": 0,
        "world_writable": 0,
        **kw,
    }


def wordpress_case(path: Path) -> Path:
    """A WordPress box: scanner noise, a plugin upload exploit, a shell used, a second shell via the first,
    cron persistence, an IRC bot in /tmp, and a benign visitor."""
    shell = "/var/www/html/wp-content/uploads/2024/03/thumb.php"
    shell2 = "/var/www/html/wp-includes/class-wp-cache.php"
    log = [
        access("2024-03-01T09:12:01Z", "198.51.100.23", "GET", "/"),
        access("2024-03-01T20:00:00Z", "192.0.2.200", "GET", "/.env", 404, ua="zgrab/0.x"),
        access(
            "2024-03-01T20:00:01Z",
            "192.0.2.200",
            "GET",
            "/wp-content/uploads/2024/03/thumb.php",
            404,
            ua="zgrab/0.x",
        ),
        access(
            "2024-03-02T03:10:00Z",
            "203.0.113.66",
            "GET",
            "/wp-content/plugins/contact-form-7/readme.txt",
            ua=UA_ATTACK,
        ),
        access(
            "2024-03-02T03:14:07Z",
            "203.0.113.66",
            "POST",
            "/wp-content/plugins/contact-form-7/modules/file.php",
            ua=UA_ATTACK,
            nbytes=112,
        ),
        access(
            "2024-03-02T03:14:20Z",
            "203.0.113.66",
            "POST",
            "/wp-content/uploads/2024/03/thumb.php",
            ua=UA_ATTACK,
        ),
        access(
            "2024-03-02T03:15:02Z",
            "203.0.113.66",
            "GET",
            "/wp-content/uploads/2024/03/thumb.php?c=id",
            ua=UA_ATTACK,
        ),
        access(
            "2024-03-02T03:20:00Z",
            "203.0.113.66",
            "GET",
            "/wp-includes/class-wp-cache.php?x=uname",
            ua=UA_ATTACK,
        ),
        access(
            "2024-03-02T10:00:00Z",
            "198.51.100.23",
            "GET",
            "/wp-content/uploads/2024/03/photo.jpg",
            referer="https://www.example.com/",
        ),
    ]
    files = [
        afile(
            shell,
            "2024-03-02T03:14:08.000000000Z",
            owner="www-data",
            sha="a" * 64,
            btime="2024-03-02T03:14:08.120000000Z",
        ),
        afile(shell2, "2022-05-10T08:00:00.000000000Z", owner="www-data", sha="b" * 64),
        afile("/var/www/html/wp-includes/version.php", "2022-05-10T08:00:00.000000000Z"),
        afile("/var/www/html/wp-config.php", "2022-05-10T08:00:00.000000000Z", owner="www-data"),
        afile(
            "/var/www/html/wp-content/uploads/2024/03/photo.jpg",
            "2024-02-20T11:00:00.000000000Z",
            owner="www-data",
            mime="image/jpeg",
        ),
        afile(
            "/tmp/.x/kworker",
            "2024-03-02T03:16:10.000000000Z",
            owner="www-data",
            sha="c" * 64,
            mime="application/x-executable",
            mode=0o100755,
        ),
        afile(
            "/tmp/systemd-private-abc/tmp/cache.db",
            "2024-03-02T05:00:00.000000000Z",
            mime="application/octet-stream",
        ),
        afile(
            "/var/spool/cron/crontabs/www-data",
            "2024-03-02T03:16:40.000000000Z",
            owner="www-data",
            mime="text/plain",
        ),
    ]
    return make_case(
        path,
        {
            "access_log": log,
            "files": files,
            "file_scores": [
                {
                    "path": shell,
                    "sha256": "a" * 64,
                    "score": 90,
                    "verdict": "malicious",
                    "reasons": ["php_eval_request: request input reaches eval"],
                },
                {
                    "path": shell2,
                    "sha256": "b" * 64,
                    "score": 85,
                    "verdict": "malicious",
                    "reasons": ["php_system_request"],
                },
                {
                    "path": "/tmp/.x/kworker",
                    "sha256": "c" * 64,
                    "score": 80,
                    "verdict": "malicious",
                    "reasons": ["irc_bot: IRC bot strings"],
                },
            ],
            "findings": [
                {
                    "path": shell,
                    "sha256": "a" * 64,
                    "kind": "yara",
                    "rule": "php_eval_request",
                    "category": "webshell",
                    "score": 90,
                    "description": "request input reaches eval",
                }
            ],
            "web_apps": [
                {
                    "app": "wordpress",
                    "component": "core",
                    "name": "wordpress",
                    "version": "6.4.3",
                    "root": "/var/www/html",
                    "url_prefixes": json.dumps(["/"]),
                    "evidence": "/var/www/html/wp-includes/version.php",
                },
                {
                    "app": "wordpress",
                    "component": "plugin",
                    "name": "contact-form-7",
                    "version": "5.3.1",
                    "root": "/var/www/html/wp-content/plugins/contact-form-7",
                    "url_prefixes": json.dumps(["/wp-content/plugins/contact-form-7/"]),
                    "evidence": "/var/www/html/wp-content/plugins/contact-form-7/wp-contact-form-7.php",
                },
            ],
            "vhosts": [
                {
                    "source": "/etc/apache2/sites-enabled/000-default.conf",
                    "line": 1,
                    "server": "apache",
                    "name": "www.example.com",
                    "document_root": "/var/www/html",
                    "user": "www-data",
                }
            ],
            "url_map": [
                {
                    "source": "/etc/apache2/sites-enabled/000-default.conf",
                    "line": 3,
                    "host": "www.example.com",
                    "url_prefix": "/",
                    "path": "/var/www/html",
                    "kind": "document_root",
                    "executes_php": 1,
                }
            ],
            "cron_jobs": [
                {
                    "source": "/var/spool/cron/crontabs/www-data",
                    "line": 1,
                    "kind": "user crontab",
                    "schedule": "@reboot",
                    "user": "www-data",
                    "command": "/tmp/.x/kworker -d",
                    "flags": ["runs from /tmp"],
                    "undo": "delete /var/spool/cron/crontabs/www-data",
                },
                {
                    "source": "/etc/cron.d/logrotate",
                    "line": 1,
                    "kind": "cron.d",
                    "schedule": "0 6 * * *",
                    "user": "root",
                    "command": "/usr/sbin/logrotate /etc/logrotate.conf",
                    "flags": [],
                },
            ],
            "users": [
                {
                    "source": "/etc/passwd",
                    "line": 1,
                    "name": "root",
                    "uid": 0,
                    "gid": 0,
                    "shell": "/bin/bash",
                    "flags": [],
                },
                {
                    "source": "/etc/passwd",
                    "line": 30,
                    "name": "www-data",
                    "uid": 33,
                    "gid": 33,
                    "shell": "/usr/sbin/nologin",
                    "flags": [],
                },
            ],
            "log_sources": [
                {
                    "path": "/var/log/apache2/access.log",
                    "kind": "access",
                    "first_time": "2024-03-01T09:12:01Z",
                    "last_time": "2024-03-02T10:00:00Z",
                    "lines": 9,
                    "parsed": 9,
                    "errors": 0,
                    "size": 2000,
                }
            ],
            "system_facts": [
                {"source": "/etc/hostname", "key": "hostname", "value": "web01"},
                {"source": "/etc/timezone", "key": "timezone", "value": "Europe/Berlin"},
            ],
        },
    )


def ssh_case(path: Path) -> Path:
    """An SSH brute force from one address, then an Accepted password and a planted key; a benign admin too."""
    auth = []
    for i in range(40):
        auth.append(
            {
                "source": "/var/log/auth.log",
                "time": f"2024-05-10T02:{i // 2:02d}:{(i % 2) * 30:02d}Z",
                "host": "db01",
                "program": "sshd",
                "pid": 1000 + i,
                "event": "ssh_failed",
                "user": "root" if i % 3 else "admin",
                "client_ip": "203.0.113.9",
                "port": 40000 + i,
                "method": "password",
                "raw": f"May 10 02:{i // 2:02d}:{(i % 2) * 30:02d} db01 sshd[{1000 + i}]: Failed password for "
                f"root from 203.0.113.9 port {40000 + i} ssh2",
            }
        )
    auth.append(
        {
            "source": "/var/log/auth.log",
            "time": "2024-05-10T02:25:00Z",
            "host": "db01",
            "program": "sshd",
            "pid": 2000,
            "event": "ssh_accepted",
            "user": "deploy",
            "client_ip": "203.0.113.9",
            "port": 41000,
            "method": "password",
            "raw": "May 10 02:25:00 db01 sshd[2000]: Accepted password for deploy from 203.0.113.9 port 41000 ssh2",
        }
    )
    auth.append(
        {
            "source": "/var/log/auth.log",
            "time": "2024-05-09T08:00:00Z",
            "host": "db01",
            "program": "sshd",
            "pid": 900,
            "event": "ssh_accepted",
            "user": "alice",
            "client_ip": "198.51.100.7",
            "port": 50000,
            "method": "publickey",
            "raw": "May  9 08:00:00 db01 sshd[900]: Accepted publickey for alice from 198.51.100.7 port 50000 ssh2",
        }
    )
    auth.append(
        {
            "source": "/var/log/auth.log",
            "time": "2024-05-09T08:01:00Z",
            "host": "db01",
            "program": "sudo",
            "pid": 901,
            "event": "sudo_command",
            "user": "alice",
            "detail": "COMMAND=/usr/bin/apt upgrade",
            "raw": "May  9 08:01:00 db01 sudo: alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; "
            "COMMAND=/usr/bin/apt upgrade",
        }
    )
    return make_case(
        path,
        {
            "auth_events": auth,
            "logins": [
                {  # a failed attempt (btmp) is never a session
                    "source": "/var/log/btmp",
                    "line": 1,
                    "kind": "btmp",
                    "type": "LOGIN_PROCESS",
                    "user": "deploy",
                    "host": "203.0.113.9",
                    "ip": "203.0.113.9",
                    "time": "2024-05-10T02:20:00Z",
                },
                {
                    "source": "/var/log/wtmp",
                    "line": 7,
                    "kind": "wtmp",
                    "type": "USER_PROCESS",
                    "user": "deploy",
                    "tty": "pts/1",
                    "host": "203.0.113.9",
                    "ip": "203.0.113.9",
                    "pid": 2001,
                    "time": "2024-05-10T02:25:01Z",
                }
            ],
            "ssh_keys": [
                {
                    "source": "/home/deploy/.ssh/authorized_keys",
                    "line": 1,
                    "user": "deploy",
                    "kind": "authorized_keys",
                    "key_type": "ssh-ed25519",
                    "fingerprint": "SHA256:3q2+7w6t0Wq8Pp1x0YyF8mM5dZ9jKcS3nH4aB2cD1eF",
                    "comment": "x@kali",
                    "mtime": "2024-05-10T02:27:00.000000000Z",
                    "flags": [],
                },
                {
                    "source": "/home/alice/.ssh/authorized_keys",
                    "line": 1,
                    "user": "alice",
                    "kind": "authorized_keys",
                    "key_type": "ssh-ed25519",
                    "fingerprint": "SHA256:Zz9aYy8bXx7cWw6dVv5eUu4fTt3gSs2hRr1iQq0jPp0",
                    "comment": "alice@laptop",
                    "mtime": "2023-01-10T09:00:00.000000000Z",
                    "flags": [],
                },
            ],
            "users": [
                {
                    "source": "/etc/passwd",
                    "line": 1,
                    "name": "root",
                    "uid": 0,
                    "gid": 0,
                    "shell": "/bin/bash",
                    "flags": [],
                },
                {
                    "source": "/etc/passwd",
                    "line": 25,
                    "name": "deploy",
                    "uid": 1001,
                    "gid": 1001,
                    "shell": "/bin/bash",
                    "flags": [],
                },
            ],
            "log_sources": [
                {
                    "path": "/var/log/auth.log",
                    "kind": "auth",
                    "first_time": "2024-05-09T00:00:00Z",
                    "last_time": "2024-05-10T03:00:00Z",
                    "lines": 44,
                    "parsed": 44,
                    "errors": 0,
                    "size": 5000,
                }
            ],
            "files": [
                afile(
                    "/home/deploy/.ssh/authorized_keys",
                    "2024-05-10T02:27:00.000000000Z",
                    owner="deploy",
                    mime="text/plain",
                )
            ],
        },
    )


def clean_case(path: Path) -> Path:
    """Scanners probing for shells and configs (all 404), ordinary visitors, an admin's sudo."""
    log = [access("2024-06-01T10:00:00Z", "198.51.100.23", "GET", "/")]
    for i, url in enumerate(
        ["/wp-login.php", "/.env", "/shell.php", "/wp-content/uploads/x.php", "/phpmyadmin/"]
    ):
        log.append(
            access(f"2024-06-01T11:00:0{i}Z", "192.0.2.50", "GET", url, 404, ua="Mozilla/5.0 zgrab/0.x")
        )
    log.append(
        access(
            "2024-06-01T11:01:00Z",
            "192.0.2.50",
            "POST",
            "/wp-content/uploads/x.php",
            404,
            ua="Mozilla/5.0 zgrab/0.x",
        )
    )
    return make_case(
        path,
        {
            "access_log": log,
            "files": [
                afile("/var/www/html/index.php", "2023-01-01T00:00:00.000000000Z"),
                afile("/tmp/systemd-private-1/tmp/x", "2024-06-01T00:00:00.000000000Z", mime="text/plain"),
            ],
            "file_scores": [
                {"path": "/var/www/html/index.php", "score": 0, "verdict": "clean", "reasons": []}
            ],
            "users": [
                {
                    "source": "/etc/passwd",
                    "line": 1,
                    "name": "root",
                    "uid": 0,
                    "gid": 0,
                    "shell": "/bin/bash",
                    "flags": [],
                }
            ],
            "log_sources": [
                {
                    "path": "/var/log/nginx/access.log",
                    "kind": "access",
                    "first_time": "2024-06-01T10:00:00Z",
                    "last_time": "2024-06-01T11:01:00Z",
                    "lines": 7,
                    "parsed": 7,
                    "errors": 0,
                    "size": 900,
                }
            ],
        },
    )
