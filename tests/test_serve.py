"""triage serve: datasette on loopback, read-only, the saved queries as canned queries over HTTP."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.cases import SHELL, attacked_case
from triage import serve

pytest.importorskip("datasette", reason="the serve extra (datasette) is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, proc: subprocess.Popen, attempts: int = 300) -> bytes:
    """GET, retrying while the server starts (it is up or dead well before the attempts run out)."""
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=10) as resp:
                return resp.read()
        except urllib.error.HTTPError as exc:  # the server answered, with an error
            with exc:
                return exc.read()
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None:
                raise AssertionError(f"triage serve exited with {proc.returncode}") from None
            time.sleep(0.1)
    raise AssertionError(f"no answer from {url}")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    case = attacked_case(tmp_path_factory.mktemp("serve"), "web01.db")
    port = free_port()
    exe = Path(sys.executable).parent / "triage"
    proc = subprocess.Popen([str(exe), "serve", str(case), "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        yield case, f"http://127.0.0.1:{port}", proc
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


@pytest.mark.slow
def test_canned_query_answers_json_over_http(served):
    case, base, proc = served
    rows = json.loads(fetch(f"{base}/web01/webshells.json?_shape=array&min_score=90", proc))
    assert [r["path"] for r in rows] == [SHELL] and rows[0]["score"] == 95
    rows = json.loads(fetch(f"{base}/web01/files_between.json?_shape=array"
                            "&start=2024-03-02T03:00&end=2024-03-02T03:20", proc))
    assert SHELL in {r["path"] for r in rows}


@pytest.mark.slow
def test_served_case_is_immutable_and_refuses_writes(served):
    case, base, proc = served
    info = json.loads(fetch(f"{base}/-/databases.json", proc))
    assert info[0]["name"] == "web01" and info[0]["is_mutable"] is False
    before = case.read_bytes()
    query = urllib.parse.quote("DELETE FROM files")
    answer = json.loads(fetch(f"{base}/web01.json?sql={query}", proc))
    assert answer["ok"] is False
    assert case.read_bytes() == before


@pytest.mark.slow
def test_tables_and_full_text_search_browse(served):
    _, base, proc = served
    tables = json.loads(fetch(f"{base}/web01.json", proc))["tables"]
    by_name = {t["name"]: t for t in tables}
    assert by_name["shell_history"]["fts_table"] == "shell_history_fts"
    rows = json.loads(fetch(f"{base}/web01/shell_history.json?_search=kworker&_shape=array", proc))
    assert len(rows) == 1


def test_metadata_declares_every_saved_query_with_its_parameters(tmp_path):
    meta = serve.metadata(tmp_path / "web01.db")
    queries = meta["databases"]["web01"]["queries"]
    assert queries["files_between"]["params"] == ["start", "end"]
    assert set(queries) >= {"webshells", "logins", "attacker_requests"}


def test_a_case_with_unmerged_wal_is_served_mode_ro_not_immutable(tmp_path):
    case = tmp_path / "c.db"
    case.write_bytes(b"")
    assert "-i" in serve.command(case, 8001, "m.json")
    Path(f"{case}-wal").write_bytes(b"x" * 100)
    argv = serve.command(case, 8001, "m.json")
    assert "-i" not in argv and "127.0.0.1" in argv
