#!/usr/bin/env python3
"""Time the report on a case holding millions of access-log lines.

Builds (once, cached) a case with N access-log rows (default 5,000,000) from a few
thousand visitors plus scanners, with a WordPress break-in hidden among them: a plugin
upload exploit, a web shell used for an hour, a dropper and a cron line; then times
`triage.report.build` and each renderer. Target: under 10 seconds for 5 million lines.

Usage: python bench/report.py [--lines N] [--case PATH] [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from triage.case import BatchWriter, ensure_schema, open_case, open_readonly  # noqa: E402
from triage.report import build, render  # noqa: E402

SHELL = "/var/www/html/wp-content/uploads/2024/03/thumb.php"
PAGES = [
    "/",
    "/about/",
    "/blog/",
    "/contact/",
    "/wp-content/themes/twentytwentyfour/style.css",
    "/wp-includes/js/jquery/jquery.min.js",
    "/feed/",
    "/wp-login.php",
    "/?p=12",
    "/shop/cart/",
    "/wp-content/uploads/2023/11/header.jpg",
    "/xmlrpc.php",
    "/.env",
    "/wp-json/wp/v2/posts",
]
UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 zgrab/0.x",
]


def _row(t: datetime, ip: str, method: str, url: str, status: int, ua: str, line: int) -> dict:
    path, _, query = url.partition("?")
    return {
        "run_id": 1,
        "source": "/var/log/apache2/access.log",
        "line": line,
        "vhost": "www.example.com",
        "time": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "time_text": t.strftime("%d/%b/%Y:%H:%M:%S +0000"),
        "client_ip": ip,
        "method": method,
        "url": url,
        "path": path,
        "query": query or None,
        "protocol": "HTTP/1.1",
        "status": status,
        "bytes": 512,
        "referer": "-",
        "user_agent": ua,
    }


def make_case(path: Path, lines: int) -> None:
    rnd = random.Random(7)
    db = open_case(path)
    # Load without the access_log indexes and build them once at the end (as a bulk collection would).
    indexes = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND "
                                        "tbl_name = 'access_log' AND sql IS NOT NULL")]
    for name in indexes:
        db.execute(f'DROP INDEX "{name}"')
    writer = BatchWriter(db)
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    step = (90 * 86400) / lines
    attack_at = lines // 2
    attack = datetime(2024, 2, 15, 3, 14, 7, tzinfo=timezone.utc)
    for i in range(lines):
        if i == attack_at:
            for j, (m, u) in enumerate(
                [
                    ("POST", "/wp-content/plugins/contact-form-7/modules/file.php"),
                    ("POST", SHELL.replace("/var/www/html", "")),
                    ("GET", SHELL.replace("/var/www/html", "") + "?c=id"),
                ]
            ):
                writer.add(
                    "access_log",
                    _row(
                        attack + timedelta(seconds=13 * j),
                        "203.0.113.66",
                        m,
                        u,
                        200,
                        "python-requests/2.31.0",
                        i,
                    ),
                )
        t = start + timedelta(seconds=i * step)
        ip = f"198.{51 + rnd.randrange(4)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}"
        page = PAGES[rnd.randrange(len(PAGES))]
        status = 404 if page in ("/.env",) else 200
        writer.add("access_log", _row(t, ip, "GET", page, status, UAS[rnd.randrange(len(UAS))], i + 1))
        if writer.count >= 100_000:
            writer.flush()
    for p, m, owner, mime in (
        (SHELL, "2024-02-15T03:14:08.000000000Z", "www-data", "text/x-php"),
        ("/tmp/.x/kworker", "2024-02-15T03:20:00.000000000Z", "www-data", "application/x-executable"),
        ("/var/www/html/wp-config.php", "2022-05-10T08:00:00.000000000Z", "www-data", "text/x-php"),
    ):
        writer.add(
            "files",
            {
                "run_id": 1,
                "path": p,
                "path_raw": p.encode(),
                "name": p.rsplit("/", 1)[1],
                "ext": p.rsplit(".", 1)[1] if "." in p.rsplit("/", 1)[1] else None,
                "type": "file",
                "mode": 0o100755,
                "perms": "-rwxr-xr-x",
                "owner": owner,
                "mtime": m,
                "ctime": m,
                "sha256": f"{abs(hash(p)):064x}",
                "mime": mime,
            },
        )
    writer.add(
        "file_scores",
        {
            "run_id": 1,
            "path": SHELL,
            "score": 95,
            "verdict": "webshell",
            "reasons": json.dumps(["php eval of request input"]),
        },
    )
    writer.add(
        "file_scores",
        {
            "run_id": 1,
            "path": "/tmp/.x/kworker",
            "score": 85,
            "verdict": "attacker-tool",
            "reasons": json.dumps(["coin miner"]),
        },
    )
    writer.add(
        "cron_jobs",
        {
            "run_id": 1,
            "source": "/var/spool/cron/crontabs/www-data",
            "line": 2,
            "kind": "user crontab",
            "schedule": "@reboot",
            "user": "www-data",
            "command": "/tmp/.x/kworker",
            "flags": json.dumps(["runs from /tmp"]),
        },
    )
    writer.flush()
    ensure_schema(db)  # puts the access_log indexes back, built once
    db.execute(
        "INSERT INTO runs (id, command, status, started) VALUES (1, 'collect', 'complete', '2026-01-01')"
    )
    db.execute("ANALYZE")
    db.conn.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=5_000_000)
    ap.add_argument(
        "--case", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "triage-bench-report.db"
    )
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()
    case = args.case
    if args.rebuild or not case.exists():
        for p in (case, Path(f"{case}-wal"), Path(f"{case}-shm")):
            p.unlink(missing_ok=True)
        t0 = time.monotonic()
        make_case(case, args.lines)
        print(f"built {case} with {args.lines:,} access-log lines in {time.monotonic() - t0:.1f}s")
    db = open_readonly(case)
    t0 = time.monotonic()
    doc = build(db, str(case))
    t_build = time.monotonic() - t0
    timings = {}
    for fmt in ("md", "html", "json"):
        t1 = time.monotonic()
        render(doc, fmt)
        timings[fmt] = time.monotonic() - t1
    total = t_build + sum(timings.values())
    n = db.execute("SELECT count(*) FROM access_log").fetchone()[0]  # after the timing: it warms the cache
    print(f"access_log rows: {n:,}")
    print(f"verdict: {doc['verdict']['status']}, {doc['verdict']['vector']}, {doc['verdict']['confidence']}")
    print(
        f"report build: {t_build:.2f}s; render "
        + ", ".join(f"{k} {v:.2f}s" for k, v in timings.items())
        + f"; total {total:.2f}s (target < 10 s)"
    )


if __name__ == "__main__":
    main()
