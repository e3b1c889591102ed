"""Custody: what a run records, the seal over the rows, and verify naming what changed."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.cases import SHELL, attacked_case
from triage import custody, runner
from triage.case import open_case, open_readonly
from triage.cli import EXIT_CHANGED, cli


@pytest.fixture
def case(tmp_path: Path) -> Path:
    return attacked_case(tmp_path)


def check(case: Path) -> dict[str, custody.TableCheck]:
    db = open_readonly(case)
    try:
        return {t.table: t for t in custody.verify(db).tables}
    finally:
        db.conn.close()


def test_a_run_records_version_rules_image_operator_and_seal(tree, tmp_path, monkeypatch):
    root = tree({"/etc/hostname": "web01\n", "/var/www/html/index.php": "<?php echo 1;\n"})
    image = tmp_path / "disk.img"
    image.write_bytes(b"\0" * 5000 + b"ext4")
    monkeypatch.setenv("TRIAGE_OPERATOR", "j.doe")
    case = tmp_path / "c.db"
    summary = runner.collect(os.fspath(root), os.fspath(case), only=["files"], argv=[],
                             image=os.fspath(image))
    run = next(open_readonly(case).query("SELECT * FROM runs"))
    assert run["tool_version"] and run["operator"] == "j.doe"
    assert run["rules_digest"] == custody.rules_digest() and len(run["rules_digest"]) == 64
    assert run["image_sha256"] == __import__("hashlib").sha256(image.read_bytes()).hexdigest()
    assert run["image_path"] == os.fspath(image)
    assert run["evidence_root"] == os.path.realpath(root) and run["started"] and run["ended"]
    assert run["case_digest"] == summary.case_digest and len(summary.case_digest) == 64
    assert all(t.intact for t in check(case).values())


def test_rules_digest_changes_with_any_rule(tmp_path):
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "a.yar").write_text("rule a { condition: true }\n")
    first = custody.rules_digest([tmp_path])
    (tmp_path / "web" / "a.yar").write_text("rule a { condition: false }\n")
    assert custody.rules_digest([tmp_path]) != first


def test_untouched_case_verifies_intact(case):
    result = CliRunner().invoke(cli, ["verify", str(case)])
    assert result.exit_code == 0, result.output
    assert "INTACT" in result.output


def test_collect_then_scan_again_verifies_intact(tree, tmp_path):
    """collect runs the scan at its end and a second scan follows: each reopens the case, and opening must
    not rewrite a sealed row (the scan keeps the previous seal for the tables it did not write)."""
    root = tree({"/etc/hostname": "web01\n", "/var/www/html/s.php": SHELL})
    case = tmp_path / "c.db"
    for args in (["collect", str(root), "-c", str(case)], ["scan", str(case)]):
        assert CliRunner().invoke(cli, args).exit_code == 0
        result = CliRunner().invoke(cli, ["verify", str(case)])
        assert result.exit_code == 0 and "INTACT" in result.output, result.output


@pytest.mark.skipif(not shutil.which("sqlite3"), reason="no sqlite3 command line (make tools installs it)")
def test_verify_catches_a_row_edited_with_the_sqlite3_command_line(case):
    found = sqlite3.connect(case).execute("SELECT id FROM file_scores WHERE path = ?", [SHELL])
    shell_id = found.fetchone()[0]
    subprocess.run(["sqlite3", str(case), f"UPDATE file_scores SET score = 0 WHERE id = {shell_id};"
                    "DELETE FROM access_log WHERE id = 2;"
                    "INSERT INTO users (name, uid) VALUES ('ghost', 0);"], check=True)
    tables = check(case)
    assert tables["file_scores"].changed == [shell_id] and tables["file_scores"].status == "changed"
    assert tables["access_log"].removed == [2] and not tables["access_log"].changed
    assert len(tables["users"].added) == 1
    assert tables["files"].intact and tables["runs"].intact
    result = CliRunner().invoke(cli, ["verify", str(case)])
    assert result.exit_code == EXIT_CHANGED
    assert "CHANGED: 3 table(s)" in result.output
    out = json.loads(CliRunner().invoke(cli, ["verify", str(case), "--format", "json"]).output)
    assert out["intact"] is False
    changed = {t["table"] for t in out["tables"] if t["status"] != "intact"}
    assert changed == {"file_scores", "access_log", "users"}


def test_verify_sees_an_edited_run_record_and_a_dropped_table(case):
    db = sqlite3.connect(case)
    db.execute("UPDATE runs SET operator = 'someone else'")
    db.execute("DROP TABLE package_integrity")
    db.commit()
    db.close()
    tables = check(case)
    assert tables["runs"].changed == [1]
    assert tables["package_integrity"].status == "removed table"


def test_rewriting_the_seal_is_seen_against_the_recorded_digest(case):
    db = sqlite3.connect(case)
    db.execute("UPDATE file_scores SET score = 1")
    db.execute("UPDATE custody SET digest = 'forged' WHERE tbl = 'file_scores'")
    db.commit()
    db.close()
    verdict = custody.verify(open_readonly(case))
    assert not verdict.intact
    assert {t.table: t.status for t in verdict.tables}["file_scores"] == "seal altered"
    assert verdict.recorded_digest != verdict.case_digest


def test_a_new_run_reseals_and_rows_span_many_chunks(tmp_path):
    db = open_case(tmp_path / "big.db")
    with db.conn:
        db.conn.executemany("INSERT INTO access_log (client_ip, path, status) VALUES (?, ?, 200)",
                            [(f"10.0.{i // 250}.{i % 250}", f"/p{i}") for i in range(3 * custody.CHUNK + 7)])
    custody.seal(db, None)
    db.execute("UPDATE access_log SET status = 404 WHERE id IN (5, ?)", [2 * custody.CHUNK + 3])
    db.execute("DELETE FROM access_log WHERE id > ?", [3 * custody.CHUNK])
    tables = {t.table: t for t in custody.verify(db).tables}
    assert sorted(tables["access_log"].changed) == [5, 2 * custody.CHUNK + 3]
    assert len(tables["access_log"].removed) == 7
    custody.seal(db, None)
    assert all(t.intact for t in custody.verify(db).tables)


def test_verify_refuses_a_case_without_seal(tmp_path):
    open_case(tmp_path / "empty.db").conn.close()
    result = CliRunner().invoke(cli, ["verify", str(tmp_path / "empty.db")])
    assert result.exit_code == 1 and "holds no seal" in result.output


def test_a_column_added_by_a_newer_triage_keeps_the_seal(case):
    db = sqlite3.connect(case)
    db.execute("ALTER TABLE users ADD COLUMN extra text")
    db.commit()
    db.close()
    assert all(t.intact for t in check(case).values())


def test_a_big_table_is_hashed_by_helper_processes_to_the_same_seal(tmp_path, monkeypatch):
    db = open_case(tmp_path / "big.db")
    rows = 5 * custody.CHUNK + 11
    with db.conn:
        db.conn.executemany("INSERT INTO access_log (client_ip, path, url, status) VALUES (?, ?, ?, 200)",
                            [(f"10.0.{i % 250}", f"/p{i}", f"/p{i}?\\x90\u00e9'\"") for i in range(rows)])
    serial = custody.seal(db, None)
    chunks = "SELECT tbl, chunk, rows, digest, hashes FROM custody_chunks ORDER BY tbl, chunk"
    serial_chunks = db.execute(chunks).fetchall()
    monkeypatch.setattr(custody, "PARALLEL_ROWS", custody.CHUNK)
    assert len(custody._spans(db, "access_log")) >= 2 or len(os.sched_getaffinity(0)) == 1
    assert custody.seal(db, None) == serial
    assert db.execute(chunks).fetchall() == serial_chunks
    monkeypatch.setattr(custody, "_db_file", lambda _db: str(tmp_path / "gone.db"))  # the helpers fail
    assert custody.seal(db, None) == serial  # and their spans are hashed here instead
    monkeypatch.undo()
    db.execute("UPDATE access_log SET status = 500 WHERE id = ?", [4 * custody.CHUNK + 2])
    verdict = {t.table: t for t in custody.verify(db).tables}["access_log"]
    assert verdict.status == "changed" and verdict.changed == [4 * custody.CHUNK + 2] and verdict.rows == rows


def _new_run(db: sqlite3.Connection) -> int:
    run_id = db.execute("INSERT INTO runs (command, status) VALUES ('scan', 'complete')").lastrowid
    db.execute("INSERT INTO findings (run_id, path, rule) VALUES (?, '/x', 'r')", [run_id])
    return run_id


def test_a_run_that_names_its_tables_keeps_the_other_seals_and_an_edit_between_runs_still_shows(case):
    db = open_case(case, create=False)
    db.conn.execute("UPDATE users SET shell = '/bin/sh' WHERE name = 'root'")  # edited between two runs
    with db.conn:
        run_id = _new_run(db.conn)
    custody.seal(db, run_id, changed={"runs", "findings"})
    tables = check(case)
    assert tables["findings"].intact and tables["runs"].intact and tables["files"].intact
    assert tables["users"].status == "changed" and len(tables["users"].changed) == 1
    # once every table is hashed again (an ordinary run) the case is whole under the new seal
    with db.conn:
        run_id = _new_run(db.conn)
    custody.seal(db, run_id)
    assert all(t.intact for t in check(case).values())


def test_an_unsealed_run_in_between_makes_the_next_seal_hash_everything(case):
    db = open_case(case, create=False)
    with db.conn:
        _new_run(db.conn)  # interrupted: never sealed
        db.conn.execute("INSERT INTO users (name, uid) VALUES ('late', 1001)")
        run_id = _new_run(db.conn)
    custody.seal(db, run_id, changed={"runs", "findings"})
    assert all(t.intact for t in check(case).values())
