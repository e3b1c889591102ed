"""The process-parallel scan path judges every file exactly as the single-process path does."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from tests.cases import sample_tree
from triage.cli import cli
from triage.scan import scan_case


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _rows(case: Path) -> tuple[list[tuple], list[tuple]]:
    db = sqlite_utils.Database(case)
    findings = sorted(db.execute("SELECT path, sha256, kind, rule, category, score, description, detail, ruleset "
                                 "FROM findings").fetchall())
    scores = sorted(db.execute("SELECT path, sha256, score, verdict, reasons, obfuscation, top_rule "
                               "FROM file_scores").fetchall())
    db.close()
    return findings, scores


@pytest.mark.slow
@pytest.mark.parametrize("dedup, all_files", [(False, True), (True, False)])
def test_processes_give_the_same_findings_as_one_process(tmp_path, dedup, all_files):
    root = sample_tree("hacked-debian", tmp_path / "root")
    case = tmp_path / "case.db"
    out = CliRunner().invoke(cli, ["collect", str(root), "-c", str(case), "--only", "files", "--no-scan"])
    assert out.exit_code == 0, out.output

    one = scan_case(str(case), dedup=dedup, all_files=all_files, workers=1, processes=False, argv=[])
    single = _rows(case)
    many = scan_case(str(case), dedup=dedup, all_files=all_files, workers=2, processes=True, argv=[])
    parallel = _rows(case)

    assert one.status == many.status == "complete"
    assert (one.files, one.unique, one.flagged, one.errors) == (many.files, many.unique, many.flagged, many.errors)
    assert single[1], "the sample has flagged files, so the comparison means something"
    assert any(v == "webshell" for *_x, v, _r, _o, _t in single[1])
    assert parallel == single


@pytest.mark.slow
def test_a_dead_worker_costs_no_file(tmp_path, monkeypatch):
    """A hostile file that kills a scan worker: the rest is scanned in-process and the run says so."""
    from concurrent.futures.process import BrokenProcessPool

    import triage.scan as scan

    root = sample_tree("hacked-debian", tmp_path / "root")
    case = tmp_path / "case.db"
    CliRunner().invoke(cli, ["collect", str(root), "-c", str(case), "--only", "files", "--no-scan"])
    reference = scan_case(str(case), workers=1, processes=False, argv=[])
    expected = _rows(case)

    real = scan.run_processes

    def dies_after_one_batch(*args, **kwargs):
        jobs = real(*args, **kwargs)
        yield next(jobs)
        jobs.close()
        raise BrokenProcessPool("a child process terminated abruptly")

    monkeypatch.setattr(scan, "run_processes", dies_after_one_batch)
    summary = scan_case(str(case), workers=2, processes=True, argv=[])
    assert summary.status == "complete" and summary.files == reference.files
    assert _rows(case) == expected
    db = sqlite_utils.Database(case)
    assert any("worker process died" in e["what"] for e in db["errors"].rows)


def test_a_failure_before_the_scan_starts_leaves_no_worker_waiting(tmp_path, monkeypatch):
    """Workers start before the inventory is read; if reading it fails they are stopped, not left waiting."""
    import triage.scan as scan

    root = sample_tree("clean-server", tmp_path / "root")
    case = tmp_path / "case.db"
    CliRunner().invoke(cli, ["collect", str(root), "-c", str(case), "--only", "files", "--no-scan"])

    def broken(*_args, **_kwargs):
        raise RuntimeError("context could not be built")

    started = []

    class Recorded(scan.Workers):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(scan._ContextBuilder, "finish", broken)
    monkeypatch.setattr(scan, "Workers", Recorded)
    with pytest.raises(RuntimeError, match="context could not be built"):
        scan_case(str(case), workers=2, processes=True, argv=[])
    processes = list(started[0].pool._processes.values()) if started[0].pool._processes else []  # noqa: SLF001
    assert len(started) == 1 and not any(p.is_alive() for p in processes)
