"""Browse a case file in datasette, read-only, with the saved queries as canned queries.

datasette (the optional `serve` extra) gives colleagues faceting, full-text
search and shareable URLs over a case without anyone writing SQL. triage
serve starts it on the loopback interface only, with the case immutable (no
locks, no writes, nothing datasette or a plugin could change), and with every
saved query of `triage query --list` as a canned query with its title,
description and parameters.

One catch: immutable mode ignores a write-ahead log. If the case still has
one with unmerged pages (a collection running, or one that was killed), the
case is served in datasette's ordinary read-only mode instead (mode=ro), which
reads the log.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from triage.case import CaseError, open_readonly
from triage.query import saved_queries

LOOPBACK = "127.0.0.1"


def metadata(case_path: str | os.PathLike[str]) -> dict[str, Any]:
    """datasette metadata: a title and the saved queries as canned queries."""
    name = Path(case_path).stem
    queries = {
        q.name: {"sql": q.sql, "title": q.title, "description": q.description,
                 "params": [p.name for p in q.params]}
        for q in saved_queries().values()
    }
    return {
        "title": f"triage case {name}",
        "description": "A triage case file, served read-only. Canned queries: the saved queries of "
                       "`triage query --list`; every value shown came from the evidence.",
        "databases": {name: {"queries": queries}},
    }


def has_pending_wal(case_path: str | os.PathLike[str]) -> bool:
    wal = Path(f"{os.fspath(case_path)}-wal")
    return wal.exists() and wal.stat().st_size > 0


def command(case_path: str | os.PathLike[str], port: int, metadata_path: str) -> list[str]:
    """The datasette command line that serves the case."""
    mode = [os.fspath(case_path)] if has_pending_wal(case_path) else ["-i", os.fspath(case_path)]
    return [sys.executable, "-m", "datasette", "serve", *mode, "--host", LOOPBACK, "--port", str(port),
            "--metadata", metadata_path, "--setting", "sql_time_limit_ms", "10000"]


def serve(case_path: str | os.PathLike[str], port: int = 8001) -> None:
    """Replace this process with datasette serving the case (returns only on failure)."""
    if importlib.util.find_spec("datasette") is None:
        raise CaseError("datasette is not installed: pip install 'triage[serve]'")
    open_readonly(case_path).conn.close()  # a clear error for a file that is not a case
    fd, path = tempfile.mkstemp(prefix="triage-serve-", suffix=".json")
    with os.fdopen(fd, "w") as fh:
        json.dump(metadata(case_path), fh)
    argv = command(case_path, port, path)
    os.execv(argv[0], argv)  # noqa: S606 - an argv, no shell; one process: stopping it stops the server
