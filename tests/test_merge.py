"""Fleet: two hosts' cases merged into one, queried together."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.cases import ATTACKER, SHELL, attacked_case
from triage import custody, query
from triage.case import open_readonly
from triage.cli import cli


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    tmp = tmp_path_factory.mktemp("fleet")
    web01 = attacked_case(tmp, "web01.db", hostname="web01")
    web02 = attacked_case(tmp, "web02.db", hostname="web02")
    out = tmp / "fleet.db"
    result = CliRunner().invoke(cli, ["merge", str(out), str(web01), str(web02)])
    assert result.exit_code == 0, result.output
    assert "web01:" in result.output and "seal intact" in result.output
    return web01, web02, out


def count(case: Path, sql: str) -> int:
    return open_readonly(case).execute(sql).fetchone()[0]


def test_every_row_of_both_hosts_is_there_with_its_host(fleet):
    web01, web02, out = fleet
    for table in ("files", "access_log", "file_scores", "users", "errors"):
        assert count(out, f"SELECT count(*) FROM {table}") == \
            count(web01, f"SELECT count(*) FROM {table}") + count(web02, f"SELECT count(*) FROM {table}")
        hosts = {r[0] for r in open_readonly(out).execute(f"SELECT DISTINCT host FROM {table}")}
        assert hosts <= {"web01", "web02"}
    rows = list(open_readonly(out).query("SELECT host, score FROM file_scores WHERE path = ? ORDER BY host",
                                         [SHELL]))
    assert rows == [{"host": "web01", "score": 95}, {"host": "web02", "score": 95}]


def test_ids_stay_unique_and_runs_still_join(fleet):
    _, _, out = fleet
    db = open_readonly(out)
    assert count(out, "SELECT count(*) - count(DISTINCT id) FROM files") == 0
    joined = list(db.query("SELECT f.host AS fh, r.host AS rh, r.command FROM files f "
                           "JOIN runs r ON r.id = f.run_id GROUP BY f.host"))
    assert [(j["fh"], j["rh"], j["command"]) for j in joined] == [("web01", "web01", "collect"),
                                                                  ("web02", "web02", "collect")]
    assert db.execute("SELECT command FROM runs ORDER BY id DESC LIMIT 1").fetchone()[0] == "merge"


def test_one_query_covers_the_fleet_and_full_text_search_works(fleet):
    _, _, out = fleet
    rows = query.run(out, "SELECT host, count(*) AS n FROM access_log WHERE client_ip = :ip GROUP BY host",
                     {"ip": ATTACKER})
    assert [(r["host"], r["n"]) for r in rows] == [("web01", 3), ("web02", 3)]
    found = query.run_saved(out, "search", {"q": "kworker"})
    assert len(found) == 2


def test_the_merged_case_is_sealed_and_verifies(fleet):
    _, _, out = fleet
    assert custody.verify(open_readonly(out)).intact


def test_merge_refuses_an_existing_output_and_same_host_twice(fleet, tmp_path):
    web01, _, out = fleet
    again = CliRunner().invoke(cli, ["merge", str(out), str(web01)])
    assert again.exit_code == 1 and "exists" in again.output
    twice = CliRunner().invoke(cli, ["merge", str(tmp_path / "x.db"), str(web01), str(web01)])
    assert twice.exit_code == 1 and "same host (web01)" in twice.output
    named = CliRunner().invoke(cli, ["merge", str(tmp_path / "y.db"), str(web01), str(web01),
                                     "--host", "a", "--host", "b"])
    assert named.exit_code == 0, named.output
