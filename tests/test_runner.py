"""The runner: runs, errors, a collector that breaks, kill -9 and --resume."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils

from triage import runner
from triage.case import CaseError

ROWS_COMPARED = ("path_raw", "type", "mode", "uid", "gid", "size", "inode", "mtime", "ctime", "btime",
                 "md5", "sha1", "sha256", "mime", "magic", "link_target_raw")


def _rows(case: Path) -> list[tuple]:
    db = sqlite_utils.Database(case)
    cols = ", ".join(ROWS_COMPARED)
    return [tuple(r) for r in db.execute(f"SELECT {cols} FROM files ORDER BY path_raw").fetchall()]


def _many_files(root: Path, dirs: int = 12, per_dir: int = 500) -> Path:
    for d in range(dirs):
        sub = root / f"var/www/site{d:03d}"
        sub.mkdir(parents=True)
        for i in range(per_dir):
            (sub / f"page{i}.php").write_text(f"<?php echo {d * per_dir + i}; // {'x' * (i % 97)}\n")
    return root


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killed_then_resumed_gives_the_same_rows(tmp_path, sig):
    root = _many_files(tmp_path / "ev")
    whole = tmp_path / "whole.db"
    runner.collect(str(root), str(whole), only=["files"], argv=[])

    case = tmp_path / "killed.db"
    proc = subprocess.Popen([sys.executable, "-m", "triage", "collect", str(root), "-c", str(case),
                             "--only", "files", "--workers", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    written = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(f"file:{case}?mode=ro", uri=True) as conn:
                written = conn.execute("SELECT count(*) FROM files").fetchone()[0]
        except sqlite3.Error:
            written = 0
        if written >= 1000:
            break
        time.sleep(0.02)
    if sig == signal.SIGKILL:
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    code = proc.wait(timeout=60)  # SIGTERM: a clean stop, no hang
    status = sqlite_utils.Database(case).execute("SELECT status FROM runs").fetchone()[0]
    expected = ("running", -9) if sig == signal.SIGKILL else ("interrupted", 3)
    assert (status, code) == expected and written >= 1000, "the run finished before it could be stopped"
    assert 0 < len(_rows(case)) < len(_rows(whole))

    with pytest.raises(CaseError, match="--resume"):
        runner.collect(str(root), str(case), only=["files"], argv=[])
    summary = runner.collect(str(root), str(case), resume=True, argv=[])
    assert summary.status == "complete"
    assert _rows(case) == _rows(whole)


def test_a_broken_collector_is_recorded_and_the_others_run(tree, tmp_path, monkeypatch):
    from triage import collectors

    root = tree({"/etc/hostname": "web01\n"})
    broken = type(sys)("broken")
    broken.TABLES = ("files",)

    def collect(evidence, ctx):
        yield runner.Error("/etc/x", "could not parse", 3)
        raise RuntimeError("parser bug")

    broken.collect = collect
    real = collectors.available()
    monkeypatch.setattr(collectors, "available", lambda: {"broken": broken, **real})
    case = tmp_path / "c.db"
    summary = runner.collect(str(root), str(case), only=["broken", "files"], argv=[])
    db = sqlite_utils.Database(case)
    steps = {r["collector"]: r["status"] for r in db["run_collectors"].rows}
    assert steps == {"broken": "failed", "files": "done"}
    whats = {(e["path"], e["line"], e["what"]) for e in db["errors"].rows}
    assert ("/etc/x", 3, "could not parse") in whats
    assert any("RuntimeError: parser bug" in w for _, _, w in whats)
    assert summary.status == "complete" and summary.rows["files"] == 3


def test_a_new_collection_replaces_the_old_rows(tree, tmp_path):
    root = tree({"/a": "1"})
    case = tmp_path / "c.db"
    runner.collect(str(root), str(case), only=["files"], argv=[])
    (root / "b").write_text("2")
    runner.collect(str(root), str(case), only=["files"], argv=[])
    db = sqlite_utils.Database(case)
    assert sorted(r["path"] for r in db["files"].rows) == ["/", "/a", "/b"]
    assert [r["status"] for r in db["runs"].rows] == ["complete", "complete"]


def test_run_record(tree, tmp_path):
    root = tree({"/a": "1"})
    case = tmp_path / "c.db"
    summary = runner.collect(str(root), str(case), only=["files"], operator="jdoe", argv=["x"])
    run = next(sqlite_utils.Database(case)["runs"].rows)
    assert run["operator"] == "jdoe" and run["evidence_root"] == str(root)
    assert run["started"] <= run["ended"] and run["status"] == "complete"
    assert run["mount_options"] and run["tool_version"]
    # tmp_path is on a writable mount: the run says so loudly.
    assert run["mount_readonly"] == 0 and "NOT mounted read-only" in summary.warnings[0]


def test_case_inside_the_evidence_is_refused(tree):
    root = tree({"/a": "1"})
    with pytest.raises(CaseError, match="inside the evidence root"):
        runner.collect(str(root), str(root / "sub" / "case.db"), argv=[])
    link = root.parent / "link-into-evidence"
    link.symlink_to(root)
    with pytest.raises(CaseError, match="inside the evidence root"):
        runner.collect(str(root), str(link / "case.db"), argv=[])
    assert sorted(p.name for p in root.iterdir()) == ["a"]
