#!/usr/bin/env python3
"""Bench `triage watch`: latency from a shell's write to its JSON line, CPU while idle, a burst.

Runs the real command (real inotify observer, real rules) on a temporary web
root and prints:
  * idle CPU: the watch process's user+system time over --idle seconds of
    nothing happening, as a share of one core;
  * latency: for each of --files shells written one at a time, the time from
    the file's close to its finding on stdout (median, p90, max);
  * burst: --burst files unpacked at once (one shell among them) until every
    one is recorded in the case, and whether the shell was found.

Usage: python bench/watch.py [--files 100] [--idle 20] [--burst 10000] [--debounce 0.3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHELL = '<?php if(isset($_REQUEST["c{0}"])){{ system($_REQUEST["c{0}"]); }} ?>\n'


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=100)
    ap.add_argument("--idle", type=float, default=20.0)
    ap.add_argument("--burst", type=int, default=10_000)
    ap.add_argument("--debounce", type=float, default=0.3)
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="triage-bench-watch-", dir="/var/tmp"))
    www, case = work / "www", work / "case" / "watch.db"
    www.mkdir()
    case.parent.mkdir()
    for i in range(2000):  # an ordinary web root to watch
        d = www / f"app{i // 200}"
        d.mkdir(exist_ok=True)
        (d / f"page{i}.html").write_text(f"<html><body>page {i}</body></html>\n")
    exe = Path(sys.executable).parent / "triage"
    proc = subprocess.Popen([str(exe), "watch", str(www), "-c", str(case), "--debounce", str(args.debounce)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
    try:
        print(proc.stderr.readline().strip(), file=sys.stderr)

        before, t0 = cpu_seconds(proc.pid), time.monotonic()
        time.sleep(args.idle)
        idle = (cpu_seconds(proc.pid) - before) / (time.monotonic() - t0)
        print(f"idle CPU: {100 * idle:.2f}% of one core over {args.idle:.0f}s "
              f"(watching 2,000 files in 10 directories)")

        latencies = []
        for i in range(args.files):
            path = www / f"app{i % 10}" / f"shell{i}.php"
            path.write_text(SHELL.format(i))
            written = time.monotonic()
            finding = json.loads(proc.stdout.readline())
            latencies.append(time.monotonic() - written)
            assert finding["path"] == str(path), finding
        latencies.sort()
        print(f"latency write -> finding over {args.files} shells (debounce {args.debounce}s): "
              f"median {1000 * statistics.median(latencies):.0f} ms, "
              f"p90 {1000 * latencies[int(0.9 * len(latencies)) - 1]:.0f} ms, max {1000 * latencies[-1]:.0f} ms")

        if args.burst:
            start = time.monotonic()
            target = www / "unpacked"
            for i in range(args.burst):
                d = target / f"d{i // 100}"
                d.mkdir(parents=True, exist_ok=True)
                (d / f"f{i}.js").write_text(f"/* module {i} */ export default {i};\n")
            (target / "d7" / "x.php").write_text(SHELL.format("burst"))
            wrote = time.monotonic() - start
            finding = json.loads(proc.stdout.readline())
            found = time.monotonic() - start
            while True:
                db = sqlite3.connect(f"file:{case}?mode=ro", uri=True)
                n = db.execute("SELECT count(DISTINCT path) FROM watch_events WHERE path LIKE ?",
                               [f"{target}/%"]).fetchone()[0]
                db.close()
                if n >= args.burst + 1:
                    break
                time.sleep(0.2)
            print(f"burst: {args.burst:,} files + 1 shell written in {wrote:.1f}s; shell reported at "
                  f"{found:.1f}s ({finding['path'].endswith('x.php')}); all {n:,} recorded after "
                  f"{time.monotonic() - start:.1f}s")
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        _out, err = proc.communicate(timeout=120)
        print(err.strip().splitlines()[-1] if err.strip() else f"exit {proc.returncode}", file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
