#!/usr/bin/env python3
"""Time the system collectors on a real root next to the files inventory.

Run as root with no argument, it bind-mounts this machine's / read-only at a
temporary point (mount --bind, then remount,bind,ro) and unmounts it after;
or give the root of a mounted image. Two runs into one case file:
  1. the files inventory (over --path folders if given, else the whole root),
  2. the system collectors (system_facts, accounts, ssh, shell_history,
     cron_jobs, persistence, packages, services); packages verifies every
     package file against the inventory of run 1.
Prints each collector's wall time and rows, and the totals side by side.
Usage: python bench/system.py [ROOT] [--path /usr --path /etc ...] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import sqlite_utils

from triage import collectors as registry

SYSTEM = ["system_facts", "accounts", "ssh", "shell_history", "cron_jobs", "persistence", "packages", "services"]


@contextmanager
def own_root():
    point = Path(tempfile.mkdtemp(prefix="triage-bench-root-"))
    subprocess.run(["mount", "--bind", "/", str(point)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(point)], check=True)
        yield str(point)
    finally:
        subprocess.run(["umount", str(point)], check=False)
        point.rmdir()


def collect(root: str, case: Path, only: list[str], extra: list[str]) -> float:
    args = [sys.executable, "-m", "triage", "collect", root, "-c", str(case)]
    for name in only:
        args += ["--only", name]
    start = time.perf_counter()
    subprocess.run(args + extra, check=True, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def seconds(a: str, b: str) -> float:
    def parse(t: str) -> datetime:
        return datetime.fromisoformat(t.replace("Z", "+00:00"))
    return (parse(b) - parse(a)).total_seconds()


def report(root: str, paths: list[str], workers: int | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        case = Path(tmp) / "bench.db"
        extra = [a for p in paths for a in ("--path", p)] + (["--workers", str(workers)] if workers else [])
        inventory = collect(root, case, ["files"], extra)
        system = collect(root, case, SYSTEM, [])
        db = sqlite_utils.Database(case)
        files = db["files"].count
        print(f"root {root}" + (f" (inventory over {', '.join(paths)})" if paths else ""))
        print(f"  files inventory           {inventory:8.2f} s  {files:>9,} rows")
        last = max(r["id"] for r in db["runs"].rows)
        mods = registry.available()
        for r in db.query("SELECT * FROM run_collectors WHERE run_id = ? ORDER BY started", [last]):
            rows = sum(db.execute(f'SELECT count(*) FROM "{t}" WHERE run_id = ?', [last]).fetchone()[0]
                       for t in registry.tables_of(mods[r["collector"]]))
            print(f"  {r['collector']:25s} {seconds(r['started'], r['ended']):8.2f} s  {rows:>9,} rows"
                  f"  {r['errors']} errors")
        print(f"  system collectors, total  {system:8.2f} s (process wall time, start-up included)")
        print(f"  -> the system collectors take {system / inventory:.2f}x the inventory's time")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", nargs="?")
    ap.add_argument("--path", action="append", default=[])
    ap.add_argument("--workers", type=int)
    args = ap.parse_args()
    if args.root:
        report(os.path.realpath(args.root), args.path, args.workers)
    elif os.geteuid() == 0:
        with own_root() as root:
            report(root, args.path, args.workers)
    else:
        sys.exit("give the root of a mounted image, or run as root to bind-mount this machine's /")


if __name__ == "__main__":
    main()
