#!/usr/bin/env python3
"""Benchmark: access logs into the case file, lines per second.

Builds an evidence tree holding the honeynet access logs (../shared/data)
repeated with times shifted a day each copy, in several rotated files (some
gzipped), at least 5 million lines, then times the real runner collecting
them with the log_sources collector. Usage: bench/logs.py [--lines N] [--workers N] [--ordinary]

Figures for a shared machine: besides the wall-clock rate it prints the CPU
(user+sys) of every process of the run (writer, forkserver, workers), the
writing process's own CPU, and from those the rate 2 idle cores would give at
best: all that CPU spread over both, or the single writer, whichever takes
longer. The honeynet logs hold 8 KB binary overflow requests (1.2% of lines,
about 30 KB each once escaped as \\xNN) that weigh most of the case file, since
url and path both keep them; --ordinary leaves them out.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from triage import runner  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "apache"
STAMP = re.compile(rb"\[(\d\d/\w{3}/\d{4}):")


def build(dest: Path, lines: int, files: int, ordinary: bool = False) -> int:
    src = b"".join(p.read_bytes() for p in sorted(DATA.glob("honeynet-access_log*")))
    if ordinary:  # without the 8 KB binary overflow requests: what most servers log
        src = b"".join(line for line in src.splitlines(keepends=True) if len(line) < 2000)
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
    ap.add_argument("--ordinary", action="store_true", help="leave out the 8 KB binary overflow lines")
    ap.add_argument("--collect", nargs=2, metavar=("ROOT", "CASE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.collect:
        return collect_child(*args.collect, args.workers)
    work = Path(tempfile.mkdtemp(prefix="triage-bench-logs-"))
    try:
        t = time.perf_counter()
        total = build(work / "root", args.lines, args.files, args.ordinary)
        size = sum(p.stat().st_size for p in (work / "root/var/log/apache2").iterdir())
        print(f"built {total:,} lines in {args.files} files ({size / 1e6:,.0f} MB on disk, some gzipped) "
              f"in {time.perf_counter() - t:.1f}s")
        case = work / "case.db"
        # The run goes in a child process so that its CPU, its workers' and the forkserver's
        # (every process of the run) can be read from RUSAGE_CHILDREN once it has ended.
        before, sys_before = _children_cpu(), _children_sys()
        t = time.perf_counter()
        out = subprocess.run([sys.executable, __file__, "--workers", str(args.workers), "--collect",
                              os.fspath(work / "root"), os.fspath(case)],
                             check=True, stdout=subprocess.PIPE, text=True).stdout
        secs = time.perf_counter() - t
        cpu = _children_cpu() - before
        sys_cpu = _children_sys() - sys_before
        got = json.loads(out)
        rows = got["rows"]
        print(f"collected {rows:,} access_log rows, {got['errors']} errors, status {got['status']}")
        print(
            f"wall {secs:.1f}s: {total / secs:,.0f} lines/s into the case file, measured "
            f"({args.workers} workers, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
            f"so shared with other work; case file {case.stat().st_size / 1e6:,.0f} MB)"
        )
        print(f"CPU of every process of the run (user+sys): {cpu:.1f} s ({sys_cpu:.1f} s sys): "
              f"{total / cpu:,.0f} lines per CPU second")
        print(f"the writing process alone: {got['writer_cpu']:.1f} CPU s ({got['writer_sys']:.1f} sys; "
              f"{got['index_cpu']:.1f} building indexes, {got['seal_cpu']:.1f} its share of the seal): "
              f"{total / got['writer_cpu']:,.0f} lines per CPU second")
        load = got["wall"] - got["index_wall"] - got["seal_wall"]
        print(f"phases (wall): loading {load:.1f}s, building indexes {got['index_wall']:.1f}s (one core), "
              f"custody seal {got['seal_wall']:.1f}s (hashed by one process a core)")
        best = max(cpu / 2, got["writer_cpu"])
        print(f"so on 2 idle cores: about {total / best:,.0f} lines/s "
              "(all the CPU spread on 2 cores, or the single writer, whichever is the longer)")
        parse_rate = parser_rate(work / "root")
        print(f"parsing alone: {parse_rate:,.0f} lines per CPU second (one worker, in-process)")
    finally:
        shutil.rmtree(work)


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _children_sys() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime


def _self_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def collect_child(root: str, case: str, workers: int) -> None:
    """The run itself, in the child: prints its figures as JSON on stdout."""
    from multiprocessing import forkserver

    phases = {"index_cpu": 0.0, "index_wall": 0.0, "seal_cpu": 0.0, "seal_wall": 0.0}
    build_indexes, seal = runner.create_table, runner.custody.seal

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def run(*a: object, **kw: object) -> Any:
            t, w = _self_cpu(), time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                phases[name + "_cpu"] += _self_cpu() - t
                phases[name + "_wall"] += time.perf_counter() - w
        return run

    runner.create_table = timed("index", build_indexes)  # only the post-load index build calls this name
    runner.custody.seal = timed("seal", seal)
    started = time.perf_counter()
    summary = runner.collect(root, case, only=["log_sources"], options={"workers": workers}, argv=[])
    phases["wall"] = time.perf_counter() - started
    writer_cpu = _self_cpu()
    writer_sys = resource.getrusage(resource.RUSAGE_SELF).ru_stime
    # Stop the forkserver and wait for it: it has reaped the workers, so their CPU reaches
    # this process's RUSAGE_CHILDREN and, when this process ends, the bench's.
    forkserver._forkserver._stop()
    print(json.dumps({"rows": summary.rows.get("access_log", 0), "errors": summary.errors,
                      "status": summary.status, "writer_cpu": writer_cpu, "writer_sys": writer_sys, **phases}))


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
