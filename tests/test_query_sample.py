"""Every saved query on the hacked-debian sample, collected and scanned by the real pipeline."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cases import ATTACKER, SHELL, sample_tree
from triage import query as q
from triage import runner
from triage.scan import scan_case


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("sample")
    root = sample_tree("hacked-debian", tmp / "root")
    path = tmp / "case.db"
    assert runner.collect(os.fspath(root), os.fspath(path), argv=[]).status == "complete"
    assert scan_case(os.fspath(path), argv=[]).status == "complete"
    return path


def run(case: Path, name: str, **params: str) -> list[dict]:
    return q.run_saved(case, name, params)


def test_every_saved_query_runs_on_the_sample(case):
    for name, saved in q.saved_queries().items():
        params = {p.name: "x" for p in saved.params if p.required}
        run(case, name, **params)  # no error: every table and column named exists in a real case


def test_the_story_shows_through_the_saved_queries(case):
    shells = run(case, "webshells")
    assert shells[0]["verdict"] == "webshell"
    assert SHELL in {r["path"] for r in shells if r["verdict"] == "webshell"}
    assert {r["client_ip"] for r in run(case, "attacker_requests")} == {ATTACKER}
    assert run(case, "rare_ips")[0]["client_ip"] == ATTACKER
    logins = run(case, "logins")
    assert logins[0]["ip"] == ATTACKER and logins[0]["failures"] > 0 and logins[0]["successes"] > 0
    assert {r["ip"] for r in logins} == {ATTACKER}
    crons = [r for r in run(case, "persistence") if r["table"] == "cron_jobs" and r["name"] == "www-data"]
    assert any("/tmp/.x/kworker" in r["detail"] and r["undo"] for r in crons)
    assert "/bin/ps" in {r["path"] for r in run(case, "changed_packages")}
    assert any(r["uid"] == 0 and r["name"] != "root" for r in run(case, "accounts"))
    window = {r["path"] for r in run(case, "files_between", start="2024-03-02T03:00", end="2024-03-02T03:20")}
    assert {SHELL, "/tmp/.x/kworker"} <= window
    assert {r["found_in"] for r in run(case, "search", q="kworker")} >= {"shell_history"}
