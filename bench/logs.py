#!/usr/bin/env python3
"""Benchmark: access logs into the case file, lines per second.

Builds an evidence tree holding the honeynet access logs (../shared/data)
repeated with times shifted a day each copy, in several rotated files (some
gzipped), at least 5 million lines, then times the real runner collecting
them with the log_sources collector. Usage: bench/logs.py [--lines N] [--workers N]

Besides the wall-clock rate it prints the CPU the writing process used and the
parse loop's rate alone, so the figure can be judged on a busy machine: the
single writer (SQLite) is the ceiling, parsing runs beside it in workers.
The honeynet logs hold 8 KB binary overflow requests (1.2% of lines) that
weigh most of the case file; both url and path keep them.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from triage import runner  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "apache"
STAMP = re.compile(rb"\[(\d\d/\w{3}/\d{4}):")


def build(dest: Path, lines: int, files: int) -> int:
    src = b"".join(p.read_bytes() for p in sorted(DATA.glob("honeynet-access_log*")))
    src_lines = src.count(b"\n")
    copies = -(-lines // src_lines)
    per_file = -(-copies // files)
    logdir = dest / "var/log/apache2"
    logdir.mkdir(parents=True)
    cache: dict[bytes, bytes] = {}
    total = 0
    for f in range(files):
        name = "access.log" if f == 0 else f"access.log.{f}" + (".gz" if f > 1 else "")
        out = bytearray()
        for c in range(per_file):
            shift = f * per_file + c

            def sub(m: re.Match[bytes], shift: int = shift) -> bytes:
                key = m.group(1) + bytes([shift % 256, shift // 256])
                if key not in cache:
                    d = datetime.strptime(m.group(1).decode(), "%d/%b/%Y") + timedelta(days=shift)
                    cache[key] = b"[" + d.strftime("%d/%b/%Y").encode() + b":"
                return cache[key]

            out += STAMP.sub(sub, src)
            total += src_lines
        data = bytes(out)
        (logdir / name).write_bytes(gzip.compress(data, 1) if name.endswith(".gz") else data)
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=5_000_000)
    ap.add_argument("--files", type=int, default=6)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="triage-bench-logs-"))
    try:
        t = time.perf_counter()
        total = build(work / "root", args.lines, args.files)
        size = sum(p.stat().st_size for p in (work / "root/var/log/apache2").iterdir())
        print(f"built {total:,} lines in {args.files} files ({size / 1e6:,.0f} MB on disk, some gzipped) "
              f"in {time.perf_counter() - t:.1f}s")
        case = work / "case.db"
        t = time.perf_counter()
        cpu = time.process_time()
        summary = runner.collect(
            os.fspath(work / "root"),
            os.fspath(case),
            only=["log_sources"],
            options={"workers": args.workers},
            argv=[],
        )
        secs = time.perf_counter() - t
        cpu = time.process_time() - cpu
        rows = summary.rows.get("access_log", 0)
        print(f"collected {rows:,} access_log rows, {summary.errors} errors, status {summary.status}")
        print(
            f"{secs:.1f}s: {total / secs:,.0f} lines/s into the case file "
            f"({args.workers} workers, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
            f"case file {case.stat().st_size / 1e6:,.0f} MB)"
        )
        print(f"the writing process used {cpu:.1f} CPU s: {total / cpu:,.0f} lines per CPU second")
        parse_rate = parser_rate(work / "root")
        write_rate = total / cpu
        both = 1 / (1 / parse_rate + 1 / write_rate)
        print(f"parsing alone: {parse_rate:,.0f} lines per CPU second (one worker, in-process)")
        print(f"so on 2 idle cores: at most {min(write_rate, 2 * both):,.0f} lines/s "
              "(parsing and writing overlap; the single writer caps it)")
    finally:
        shutil.rmtree(work)


def parser_rate(root: Path, sample: int = 300_000) -> float:
    """Lines per CPU second of the worker's parse loop on the first lines of the generated log."""
    from triage.collectors.log_sources import _access

    from triage.evidence import Evidence

    class Count:
        def put(self, _msg: object) -> None:
            pass

    small = root.parent / "parse-root"
    (small / "var/log/apache2").mkdir(parents=True)
    with open(root / "var/log/apache2/access.log", "rb") as src:
        lines = src.readlines()[:sample]
    (small / "var/log/apache2/access.log").write_bytes(b"".join(lines))
    t = time.process_time()
    _access(Evidence(small), {"path": "/var/log/apache2/access.log", "formats": []}, Count())
    return len(lines) / (time.process_time() - t)


if __name__ == "__main__":
    main()
