#!/usr/bin/env python3
"""Benchmark the file inventory against the shell pipeline a responder would use.

On one tree (default /usr), in one run, page cache warmed first for both:
  * `find T -type f -print0 | xargs -0 -P2 sha256sum`, then md5sum, sha1sum, `file -b --mime-type`;
  * triage's hashing alone (md5+sha1+sha256, no libmagic, no SQLite);
  * the full inventory: `triage collect T --only files` (stat, three hashes, libmagic, SQLite rows).
Prints files/s, MB/s, the ratios against the targets, and peak memory.
Usage: python bench/inventory.py [TREE] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def sh(cmd: str) -> float:
    start = time.perf_counter()
    subprocess.run(["bash", "-c", cmd], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def count(tree: str) -> tuple[int, int]:
    files = size = 0
    for d, _dirs, names in os.walk(tree):
        for n in names:
            try:
                st = os.lstat(os.path.join(d, n))
            except OSError:
                continue
            if st.st_mode & 0o170000 == 0o100000:
                files += 1
                size += st.st_size
    return files, size


def hashing_alone(tree: str, workers: int) -> float:
    from triage.collectors.files import Hasher

    from triage.evidence import Evidence

    ev = Evidence(tree)
    start = time.perf_counter()
    n = 0
    with Hasher(ev.root, workers, typing=False) as hasher:
        for entry in ev.walk():
            if entry.stat.kind == "file":
                hasher.submit(entry.path, {"path": entry.path, "size": entry.stat.size})
                n += sum(1 for _ in hasher.ready())
        n += sum(1 for _ in hasher.drain())
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("tree", nargs="?", default="/usr")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    tree = os.path.realpath(args.tree)
    files, size = count(tree)
    mb = size / 1e6
    print(f"tree {tree}: {files:,} regular files, {mb:,.0f} MB; {args.workers} workers; {os.cpu_count()} cores")

    find = f"find {tree!s} -type f -print0 | xargs -0 -P2"
    sh(f"{find} cat > /dev/null")  # warm the page cache for everyone
    pipes = {tool: sh(f"{find} {tool} > /dev/null") for tool in
             ("sha256sum", "md5sum", "sha1sum", "file -b --mime-type")}
    for tool, secs in pipes.items():
        print(f"  pipeline {tool:22s} {secs:7.2f} s  {files / secs:9,.0f} files/s  {mb / secs:7.1f} MB/s")
    four = sum(pipes.values())
    print(f"  pipelines together       {four:7.2f} s")

    alone = hashing_alone(tree, args.workers)
    print(f"  triage hashing alone     {alone:7.2f} s  {files / alone:9,.0f} files/s  {mb / alone:7.1f} MB/s"
          f"  -> {pipes['sha256sum'] / alone:.2f}x the sha256sum pipeline's throughput (target >= 2)")

    with tempfile.TemporaryDirectory() as tmp:
        case = Path(tmp) / "bench.db"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "triage", "collect", tree, "-c", str(case), "--only", "files",
                        "--workers", str(args.workers)], check=True, stderr=subprocess.DEVNULL)
        full = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        db_mb = case.stat().st_size / 1e6
    print(f"  triage full inventory    {full:7.2f} s  {files / full:9,.0f} files/s  {mb / full:7.1f} MB/s"
          f"  -> {full / four:.2f}x the four pipelines' wall time (target <= 0.7)")
    print(f"  peak memory (largest process) {peak:,.0f} MiB; case file {db_mb:,.0f} MB")


if __name__ == "__main__":
    main()
