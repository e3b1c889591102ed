#!/usr/bin/env python3
"""Scan throughput: triage scan against the yara command line on the same tree.

The tree defaults to the clean applications bench/fp_clean_apps.py unpacks
(tens of thousands of real PHP, JS, Java, Perl and ELF files). Steps:

1. `triage collect --no-scan` builds a case of the tree (not timed here);
2. `yara -r -p 2 -N` with the same rules, compiled once with yarac;
3. triage's scan with deduplication and scope off (every path read and
   matched, signals and database writes included): the like-for-like figure;
4. triage's default scan (each unique content once, default scope).

Prints seconds, files per second and the ratio (yara time / triage time;
at least 1.0 means triage is no slower).

Usage: python bench/scan.py [TREE] [--workers 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.fspath(Path(__file__).resolve().parent.parent))

from triage import runner  # noqa: E402
from triage.scan import EXTERNALS, OWN_RULES, rule_files, scan_case  # noqa: E402


def timed(fn) -> tuple[float, float]:
    """Wall seconds and CPU seconds (this process's threads plus any child's)."""
    before = os.times()
    t = time.monotonic()
    fn()
    wall = time.monotonic() - t
    after = os.times()
    cpu = sum(a - b for a, b in zip(after[:4], before[:4]))
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", nargs="?", type=Path,
                        default=Path.home() / ".cache" / "triage" / "fp-apps" / "tree")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.tree.is_dir():
        print(f"no tree at {args.tree}: run bench/fp_clean_apps.py first or give one", file=sys.stderr)
        return 1
    yara_bin, yarac = shutil.which("yara"), shutil.which("yarac")
    if not yara_bin or not yarac:
        print("the yara command line is missing: apt-get install yara", file=sys.stderr)
        return 1

    work = Path(tempfile.mkdtemp(prefix="triage-bench-"))
    os.environ.setdefault("XDG_CACHE_HOME", os.fspath(work / "cache"))
    case = work / "case.db"
    t = time.monotonic()
    summary = runner.collect(os.fspath(args.tree), os.fspath(case), only=["files"],
                             options={"workers": args.workers}, argv=[])
    print(f"tree {args.tree}: collected {summary.rows.get('files', 0):,} inventory rows in "
          f"{time.monotonic() - t:.1f}s (not part of the comparison)")
    regular = sum(1 for _ in _regular(args.tree))

    compiled = work / "rules.yarc"
    defines = [arg for name in EXTERNALS for arg in ("-d", f"{name}=-")]
    subprocess.run([yarac, *defines, *[os.fspath(p) for _ns, p in rule_files([OWN_RULES])], os.fspath(compiled)],
                   check=True)
    cmd = [yara_bin, "-C", "-r", "-p", "2", "-N", *defines, os.fspath(compiled), os.fspath(args.tree)]

    def run_yara() -> None:
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    def run_all() -> None:
        scan_case(os.fspath(case), all_files=True, dedup=False, workers=args.workers, argv=[])

    def run_default() -> None:
        scan_case(os.fspath(case), workers=args.workers, argv=[])

    run_all()  # warm the page cache and the rule cache for everyone
    runs: dict[str, list[tuple[float, float]]] = {"yara": [], "all": [], "default": []}
    for _ in range(args.repeat):  # interleaved, so a busy machine slows all three alike
        runs["yara"].append(timed(run_yara))
        runs["all"].append(timed(run_all))
        runs["default"].append(timed(run_default))
    y, a, d = (min(runs[k]) for k in ("yara", "all", "default"))
    ycpu, acpu = (min(c for _w, c in runs[k]) for k in ("yara", "all"))
    scanned = scan_case(os.fspath(case), workers=args.workers, argv=[])
    print(f"regular files: {regular:,}; rules: {len(rule_files([OWN_RULES]))} files; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; best of {args.repeat} interleaved runs")
    print(f"yara -r -p 2                 {y[0]:7.2f}s wall {ycpu:7.2f}s cpu  {regular / y[0]:7.0f} files/s")
    print(f"triage scan --all --no-dedup {a[0]:7.2f}s wall {acpu:7.2f}s cpu  {regular / a[0]:7.0f} files/s  "
          f"ratio {y[0] / a[0]:.2f} (cpu ratio {ycpu / acpu:.2f})")
    print(f"triage scan (default)        {d[0]:7.2f}s wall {d[1]:7.2f}s cpu  {scanned.files:,} files in scope, "
          f"{scanned.unique:,} unique contents")
    shutil.rmtree(work, ignore_errors=True)
    return 0


def _regular(tree: Path):
    for dirpath, _dirs, files in os.walk(tree):
        for name in files:
            if os.path.isfile(os.path.join(dirpath, name)) and not os.path.islink(os.path.join(dirpath, name)):
                yield name


if __name__ == "__main__":
    sys.exit(main())
