"""Oracle: this machine's own root, bind-mounted read-only, collected with the
system collectors and compared with the system's own tools (getent, dpkg
--verify) and its cron files. Skipped, with the reason printed, where bind
mounts are not allowed or the machine is not Debian-like."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import sqlite_utils

from triage import runner
from triage.evidence import Evidence


def _skip(reason: str) -> None:
    print(f"oracle skipped: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def host_root(tmp_path_factory):
    if os.geteuid() != 0:
        _skip("bind mounts need root")
    point = tmp_path_factory.mktemp("hostroot")
    done = subprocess.run(["mount", "--bind", "/", str(point)], capture_output=True, text=True)
    if done.returncode != 0:
        _skip(f"this machine forbids bind mounts: {done.stderr.strip()}")
    try:
        ro = subprocess.run(["mount", "-o", "remount,bind,ro", str(point)], capture_output=True, text=True)
        if ro.returncode != 0:
            _skip(f"cannot make the bind mount read-only: {ro.stderr.strip()}")
        yield point
    finally:
        subprocess.run(["umount", str(point)], check=False)


def _collect(root: Path, tmp_path: Path, only: list[str], **options) -> sqlite_utils.Database:
    case = tmp_path / "oracle.db"
    summary = runner.collect(os.fspath(root), os.fspath(case), only=only, options=options, argv=[])
    assert summary.status == "complete"
    return sqlite_utils.Database(case)


def _getent(database: str) -> list[list[str]]:
    if not shutil.which("getent"):
        _skip("getent is missing")
    out = subprocess.run(["getent", "-s", "files", database], capture_output=True, text=True, check=True).stdout
    return [line.split(":") for line in out.splitlines() if line]


def test_accounts_equal_getent_files(host_root, tmp_path):
    db = _collect(host_root, tmp_path, ["accounts"])
    users = sorted((r["name"], r["uid"], r["gid"], r["gecos"], r["home"], r["shell"]) for r in db["users"].rows)
    want = sorted((f[0], int(f[2]), int(f[3]), f[4], f[5], f[6]) for f in _getent("passwd"))
    assert users == want
    groups = sorted((r["name"], r["gid"], r["members"]) for r in db["groups"].rows)
    assert groups == sorted((f[0], int(f[2]), f[3]) for f in _getent("group"))


def _cron_lines(path: Path) -> int:
    """Job lines of a crontab, counted without triage's parser."""
    n = 0
    for line in path.read_text(errors="replace").splitlines():
        s = line.strip()
        if s and not s.startswith("#") and not re.match(r"^[A-Za-z_][A-Za-z0-9_]*\s*=", s):
            n += 1
    return n


def test_cron_rows_match_the_cron_files(host_root, tmp_path):
    db = _collect(host_root, tmp_path, ["cron_jobs"])
    rows = list(db["cron_jobs"].rows)
    errors = list(db["errors"].rows)
    tabs = [Path("/etc/crontab")] + sorted(Path("/etc/cron.d").glob("*")) \
        + sorted(Path("/var/spool/cron/crontabs").glob("*"))
    for tab in (t for t in tabs if t.is_file()):
        got = sum(1 for r in rows if r["source"] == str(tab) and r["kind"] in ("system", "user"))
        bad = sum(1 for e in errors if e["path"] == str(tab))
        assert got + bad == _cron_lines(tab), tab
    for period in ("hourly", "daily", "weekly", "monthly"):
        scripts = sorted(str(p) for p in Path(f"/etc/cron.{period}").glob("*")
                         if p.is_file() and p.name != ".placeholder")
        assert sorted(r["source"] for r in rows if r["kind"] == "periodic" and r["schedule"] == period) == scripts
    timers = {p.name for d in ("/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system")
              for p in Path(d).glob("*.timer") if p.is_file()}
    assert {r["source"].rsplit("/", 1)[-1] for r in rows if r["kind"] == "systemd_timer"} == timers


def _package_tops(root: Path) -> list[str]:
    """The folders holding files with package checksums (md5sums and conffiles),
    two levels deep, resolved in the image, none inside another."""
    ev = Evidence(root)
    paths: list[str] = []
    for sums in Path("/var/lib/dpkg/info").glob("*.md5sums"):
        paths += ["/" + line.split("  ", 1)[-1] for line in sums.read_text(errors="surrogateescape").splitlines()]
    paths += [line.split()[0] for line in Path("/var/lib/dpkg/status").read_text(errors="replace").splitlines()
              if line.startswith(" /")]
    tops = {"/" + "/".join(p.strip("/").split("/")[:2]) for p in paths}
    resolved = sorted({ev.resolve(t) for t in tops if ev.exists(t)})
    return [t for t in resolved if not any(t.startswith(o + "/") for o in resolved if o != t)]


@pytest.mark.slow
def test_changed_files_equal_dpkg_verify(host_root, tmp_path):
    if not shutil.which("dpkg") or not Path("/var/lib/dpkg/status").is_file():
        _skip("not a dpkg system")
    verify = subprocess.run(["dpkg", "--verify"], capture_output=True, text=True)
    want = set()
    for line in verify.stdout.splitlines():
        m = re.match(r"^(\S+)\s+(?:c\s+)?(/.*)$", line)
        if m:
            want.add(m.group(2))
    tops = _package_tops(host_root)
    db = _collect(host_root, tmp_path, ["files", "packages"], paths=tops)
    got = {r["path"] for r in db["package_integrity"].rows if r["status"] in ("changed", "missing")}
    assert got == want
