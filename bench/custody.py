#!/usr/bin/env python3
"""Bench the custody seal: time to seal and verify a case of N access-log rows, and the seal's size.

Usage: python bench/custody.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from triage import custody
from triage.case import open_case, open_readonly


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
        path = Path(tmp) / "case.db"
        db = open_case(path)
        rows = ((1, "/var/log/apache2/access.log", i, "www.example.com", f"2024-03-0{1 + i % 9}T10:00:{i % 60:02d}Z",
                 f"01/Mar/2024:10:00:{i % 60:02d} +0000", f"198.51.{i % 250}.{i % 200}", "GET",
                 f"/index.php?p={i}", "/index.php", 200, 5120 + i % 1000,
                 "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/122.0")
                for i in range(args.rows))
        with db.conn:
            db.conn.execute("BEGIN")
            db.conn.executemany("INSERT INTO access_log (run_id, source, line, vhost, time, time_text, client_ip, "
                                "method, url, path, status, bytes, user_agent) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        db.execute("VACUUM")
        before = os.path.getsize(path)
        start = time.monotonic()
        custody.seal(db, None)
        sealed = time.monotonic() - start
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.conn.close()
        seal_bytes = open_readonly(path).execute("SELECT sum(length(hashes)) FROM custody_chunks").fetchone()[0]
        start = time.monotonic()
        verdict = custody.verify(open_readonly(path))
        verified = time.monotonic() - start
        print(f"{args.rows:,} rows ({before / 1e6:.0f} MB case): seal {sealed:.1f}s, verify {verified:.1f}s "
              f"({'intact' if verdict.intact else 'CHANGED'}); row hashes {seal_bytes / 1e6:.1f} MB "
              f"({seal_bytes / args.rows:.1f} bytes a row)")


if __name__ == "__main__":
    main()
