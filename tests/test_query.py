"""Saved queries and read-only SQL, run on the attacked sample case."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.cases import ATTACKER, BRUTE, SHELL, attacked_case
from triage import query as q
from triage.cli import cli


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return attacked_case(tmp_path_factory.mktemp("query"))


def saved(case: Path, name: str, **params: str) -> list[dict]:
    return q.run_saved(case, name, params)


def test_every_saved_query_has_its_header_and_declares_its_parameters():
    queries = q.saved_queries()
    assert {"webshells", "accounts", "persistence", "attacker_requests", "rare_ips", "changed_packages",
            "files_between", "logins", "search"} <= set(queries)
    for query in queries.values():
        assert query.title and query.description, query.name
        assert q.sql_params(query.sql) == {p.name for p in query.params}, query.name


def test_webshells_ranks_the_shell_first_with_its_rules_and_real_times(case):
    rows = saved(case, "webshells")
    assert [r["path"] for r in rows] == [SHELL, "/tmp/.x/kworker"]
    assert rows[0]["score"] == 95 and rows[0]["rules"] == "php_request_to_exec,script_in_uploads"
    assert rows[0]["owner"] is not None and rows[0]["mtime"].startswith("2024-03-02T03:14:08")
    assert [r["path"] for r in saved(case, "webshells", min_score="90")] == [SHELL]


def test_accounts_lists_the_extra_uid0_and_power_groups(case):
    names = {(r["kind"], r["name"]) for r in saved(case, "accounts")}
    assert names == {("user", "backup2"), ("group", "sudo")}
    since = {r["name"] for r in saved(case, "accounts", since="2023-01-01")}
    assert since == {"backup2", "alice", "sudo"}


def test_persistence_shows_flagged_items_with_their_undo(case):
    rows = saved(case, "persistence")
    assert {r["name"] for r in rows} == {"www-data", "dbus-helper.service"}
    assert all(r["undo"] for r in rows)
    assert len(saved(case, "persistence", all="1")) == 4


def test_attacker_requests_derives_addresses_from_the_shell(case):
    rows = saved(case, "attacker_requests")
    assert {r["client_ip"] for r in rows} == {ATTACKER}
    assert [r["url"] for r in rows][:1] == ["/wp-content/plugins/contact-form-7/modules/file.php"]
    given = saved(case, "attacker_requests", ips=f"198.51.100.23, {ATTACKER}")
    assert {r["client_ip"] for r in given} == {"198.51.100.23", ATTACKER}
    assert [r["time"] for r in given] == sorted(r["time"] for r in given)


def test_rare_ips_puts_the_shell_user_on_top(case):
    # Beside the sample's log sit the real honeynet logs: scanners probing odd paths are rare too, so the
    # attacker ranks among the few top addresses, while a visitor of the home page is not rare at all.
    rows = saved(case, "rare_ips", limit="5")
    top = {r["client_ip"]: r for r in rows}
    assert ATTACKER in top and len(rows) == 5
    assert top[ATTACKER]["rare_paths"] == 2 and top[ATTACKER]["posts"] == 3
    everyone = {r["client_ip"]: r for r in saved(case, "rare_ips", limit="1000")}
    assert "/" not in (everyone["198.51.100.23"]["sample_rare_paths"] or "").split(",")


def test_changed_packages_leaves_conffiles_out_unless_asked(case):
    assert [r["path"] for r in saved(case, "changed_packages")] == ["/bin/ls"]
    with_conf = {r["path"] for r in saved(case, "changed_packages", conffiles="1")}
    assert with_conf == {"/bin/ls", "/etc/ssh/sshd_config"}


def test_files_between_finds_what_the_attacker_wrote(case):
    rows = saved(case, "files_between", start="2024-03-02T03:00", end="2024-03-02 03:20")
    paths = [r["path"] for r in rows]
    assert SHELL in paths and "/tmp/.x/kworker" in paths and "/var/spool/cron/crontabs/www-data" in paths
    assert "/etc/passwd" not in paths
    assert next(r for r in rows if r["path"] == SHELL)["score"] == 95


def test_files_between_needs_both_ends(case):
    with pytest.raises(q.QueryError, match="-p end=VALUE"):
        saved(case, "files_between", start="2024-03-02")


def test_logins_by_address_shows_the_brute_force_and_the_attackers_login(case):
    rows = {r["ip"]: r for r in saved(case, "logins")}
    assert rows[ATTACKER]["successes"] == 2 and rows[ATTACKER]["logged_in_as"] == "backup"
    assert rows[BRUTE]["failures"] > 0
    assert list(rows)[0] in {ATTACKER} | {ip for ip, r in rows.items() if r["successes"] and r["failures"]}
    only = saved(case, "logins", ip=BRUTE)
    assert [r["ip"] for r in only] == [BRUTE]


def test_search_finds_a_tool_in_history_and_a_url(case):
    rows = saved(case, "search", q="kworker")
    assert {r["found_in"] for r in rows} == {"shell_history"}
    rows = saved(case, "search", q="thumb.php")
    assert {r["found_in"] for r in rows} == {"access_log"} and len(rows) == 2
    assert saved(case, "search", q='a "quoted" (odd) term:*') == []


def test_unknown_parameter_is_refused(case):
    with pytest.raises(q.QueryError, match="no parameter nope"):
        saved(case, "webshells", nope="1")


@pytest.mark.parametrize("sql", [
    "DELETE FROM files",
    "UPDATE file_scores SET score = 0",
    "INSERT INTO meta (key, value) VALUES ('x', 'y')",
    "DROP TABLE files",
    "CREATE TABLE evil (x)",
    "ATTACH DATABASE '/tmp/x.db' AS x",
    "PRAGMA journal_mode = DELETE",
])
def test_writes_are_refused_with_a_clear_message(case, sql):
    before = case.read_bytes()
    result = CliRunner().invoke(cli, ["query", str(case), sql])
    assert result.exit_code == 1
    assert "refused: this statement would change the case file" in result.output
    assert case.read_bytes() == before


def test_cli_saved_query_as_table_csv_and_json(case):
    runner = CliRunner()
    table = runner.invoke(cli, ["query", str(case), "--saved", "webshells"])
    assert table.exit_code == 0 and SHELL in table.output.splitlines()[2]
    out = runner.invoke(cli, ["query", str(case), "--saved", "webshells", "--format", "csv"]).output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["path"] == SHELL and rows[0]["score"] == "95"
    out = runner.invoke(cli, ["query", str(case), "--saved", "logins", "-p", f"ip={BRUTE}",
                              "--format", "json"])
    assert json.loads(out.output)[0]["ip"] == BRUTE
    listing = runner.invoke(cli, ["query", "--list"])
    assert "files_between" in listing.output and "start, end" in listing.output
    bad = runner.invoke(cli, ["query", str(case), "--saved", "nothing"])
    assert bad.exit_code == 1 and "no saved query 'nothing'" in bad.output


def test_case_opens_in_the_sqlite_utils_command_line(case):
    copy = case
    exe = Path(shutil.which("sqlite-utils") or Path(__import__("sys").executable).parent / "sqlite-utils")
    import subprocess

    out = subprocess.run([str(exe), "tables", str(copy), "--counts", "--json-cols"], capture_output=True,
                         text=True, check=True).stdout
    counts = {t["table"]: t["count"] for t in json.loads(out)}
    assert counts["file_scores"] == 3 and counts["files"] > 10
    found = subprocess.run([str(exe), "search", str(copy), "shell_history", "kworker"], capture_output=True,
                           text=True, check=True).stdout
    assert "/tmp/.x/kworker" in found
    assert sqlite3.connect(copy).execute("PRAGMA integrity_check").fetchone() == ("ok",)
