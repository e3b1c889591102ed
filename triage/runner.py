"""The runner: the one writer of collected rows.

It records each run (tool version, evidence root and its mount, analyst,
start and end, status), runs the chosen collectors in order, writes their rows
in batched transactions together with the collector's progress, and records
every error a collector yields or raises without stopping the others. A run
killed at any point leaves a consistent case file; ``resume=True`` finishes
it: collectors already done are skipped, a RESUMABLE one skips what it had
written, any other has its partial rows removed and runs again.
"""

from __future__ import annotations

import getpass
import json
import os
import signal
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import sqlite_utils

import triage
from triage import collectors as registry
from triage import custody
from triage.case import BatchWriter, CaseError, check_location, create_table, open_case, transaction
from triage.evidence import Evidence, EvidenceError
from triage.mounts import mount_of
from triage.schema import TABLES
from triage.text import display
from triage.times import now

FLUSH_ROWS = 5000
FLUSH_SECONDS = 1.0


@dataclass
class Error:
    """What a collector could not read or parse: recorded, never fatal."""

    path: str | None
    what: str
    line: int | None = None

    @classmethod
    def of(cls, exc: EvidenceError, line: int | None = None) -> Error:
        return cls(exc.path, exc.what, line)


@dataclass
class Rows:
    """Many rows for one table, as tuples in ``columns`` order: the bulk path.

    A collector that parses millions of log lines yields these instead of one
    dict a row; the runner hands the tuples to the writer as they are.
    """

    table: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


Progress = Callable[[str, int, int], None]


@dataclass
class Context:
    """What a collector may ask of the run besides the evidence."""

    db: sqlite_utils.Database
    run_id: int
    collector: str
    options: dict[str, Any] = field(default_factory=dict)
    resuming: bool = False

    def resume_keys(self, column: str, table: str | None = None) -> set[Any]:
        """Values of ``column`` this run already wrote (empty unless resuming)."""
        if not self.resuming:
            return set()
        rows = self.db.execute(f'SELECT "{column}" FROM "{table or self.collector}" WHERE run_id = ?',
                               [self.run_id])
        return {r[0] for r in rows}

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        """Rows from the case so far (earlier collectors' rows are committed)."""
        return list(self.db.query(sql, params))


@dataclass
class RunSummary:
    run_id: int
    status: str
    rows: dict[str, int]
    errors: int
    seconds: float
    warnings: list[str]
    case_digest: str | None = None


class Interrupted(Exception):
    pass


class _StopFlag:
    """SIGTERM and the first Ctrl-C only raise a flag; the runner stops at the next
    row, where nothing is half-written (raising inside a queue or a transaction
    could deadlock or tear it). A second Ctrl-C interrupts at once."""

    def __init__(self) -> None:
        self.set = False

    def __call__(self, signum: int, _frame: object) -> None:
        if self.set and signum == signal.SIGINT:
            raise KeyboardInterrupt
        self.set = True


_stop = _StopFlag()


def select(only: list[str] | None, exclude: list[str] | None) -> dict[str, ModuleType]:
    mods = registry.available()
    names = list(only) if only else [n for n, m in mods.items() if getattr(m, "DEFAULT", True)]
    unknown = sorted(set(names + list(exclude or ())) - set(mods))
    if unknown:
        raise CaseError(f"unknown collector(s): {', '.join(unknown)}; known: {', '.join(mods)}")
    return {n: m for n, m in mods.items() if n in names and n not in (exclude or ())}


def collect(evidence_root: str, case_path: str, *, only: list[str] | None = None,
            exclude: list[str] | None = None, resume: bool = False, options: dict[str, Any] | None = None,
            operator: str | None = None, progress: Progress | None = None,
            argv: list[str] | None = None, image: str | None = None) -> RunSummary:
    """Collect from the image at ``evidence_root`` into the case file.

    ``image`` is the disk image file mounted at the root: its sha256 goes in
    the run's record. Every run ends with a custody seal over the case's rows.
    """
    check_location(case_path, evidence_root)
    evidence = Evidence(evidence_root)
    db = open_case(case_path)
    warnings: list[str] = []
    options = dict(options or {})

    if resume:
        run = _resumable_run(db, evidence.root)
        run_id = run["id"]
        stored = json.loads(run["options"] or "{}")
        only, exclude = stored.get("only"), stored.get("exclude")
        options = {**stored.get("options", {}), **{k: v for k, v in options.items() if k == "workers"}}
        db.execute("UPDATE runs SET status = 'running', ended = NULL WHERE id = ?", [run_id])
    else:
        unfinished = db.execute("SELECT id FROM runs WHERE status IN ('running', 'interrupted') "
                                "AND command = 'collect'").fetchone()
        if unfinished:
            raise CaseError(f"run {unfinished[0]} in this case did not finish: add --resume to finish it")
        run_id = _start_run(db, evidence, only, exclude, options, operator, argv, image)
    chosen = select(only, exclude)

    mount = mount_of(evidence.root)
    if mount is None or not mount.readonly:
        warnings.append(f"the evidence root {evidence.root} is NOT mounted read-only "
                        f"({mount.options if mount else 'mount unknown'}); remount it with -o ro,noload")

    started = time.monotonic()
    old = None
    if _main_thread():
        _stop.set = False
        old = (signal.signal(signal.SIGTERM, _stop), signal.signal(signal.SIGINT, _stop))
    status = "complete"
    digest = None
    try:
        for name, module in chosen.items():
            _run_collector(db, evidence, run_id, name, module, options, resume, progress)
    except (KeyboardInterrupt, Interrupted):
        status = "interrupted"
    except BaseException:
        status = "failed"
        raise
    finally:
        if old is not None:
            signal.signal(signal.SIGTERM, old[0])
            signal.signal(signal.SIGINT, old[1])
        counts = _finish_run(db, run_id, status)
        if status != "interrupted":  # an interrupted run is sealed when --resume finishes it
            digest = custody.seal(db, run_id)
    errors = db.execute("SELECT count(*) FROM errors WHERE run_id = ?", [run_id]).fetchone()[0]
    return RunSummary(run_id, status, counts, errors, time.monotonic() - started, warnings, digest)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _resumable_run(db: sqlite_utils.Database, root: str) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM runs WHERE command = 'collect' ORDER BY id DESC LIMIT 1"))
    if not rows or rows[0]["status"] == "complete":
        raise CaseError("nothing to resume: the last collection in this case finished")
    if rows[0]["evidence_root"] != root:
        raise CaseError(f"run {rows[0]['id']} read {rows[0]['evidence_root']!r}, not {root!r}; "
                        "resume it with the same evidence root")
    return rows[0]


def _start_run(db: sqlite_utils.Database, evidence: Evidence, only: list[str] | None,
               exclude: list[str] | None, options: dict[str, Any], operator: str | None,
               argv: list[str] | None, image: str | None = None) -> int:
    mount = mount_of(evidence.root)
    try:
        image_sha256 = custody.file_sha256(image) if image else None
    except OSError as exc:
        raise CaseError(f"cannot hash the image file {image!r}: {exc.strerror or exc}") from None
    row = {
        "command": "collect", "tool_version": triage.__version__, "evidence_root": evidence.root,
        "rules_digest": custody.rules_digest(),
        "image_path": os.path.abspath(image) if image else None, "image_sha256": image_sha256,
        "mount_source": mount.source if mount else None, "mount_fstype": mount.fstype if mount else None,
        "mount_options": f"{mount.options} {mount.super_options}" if mount else None,
        "mount_readonly": int(mount.readonly) if mount else None,
        "analyst_host": socket.gethostname(), "analyst_user": getpass.getuser(),
        "operator": operator or os.environ.get("TRIAGE_OPERATOR") or getpass.getuser(),
        "argv": json.dumps(argv if argv is not None else sys.argv),
        "options": json.dumps({"only": only, "exclude": exclude, "options": options}),
        "started": now(), "status": "running",
    }
    with transaction(db):
        return db["runs"].insert(row).last_pk


def _run_collector(db: sqlite_utils.Database, evidence: Evidence, run_id: int, name: str,
                   module: ModuleType, options: dict[str, Any], resume: bool,
                   progress: Progress | None) -> None:
    state = db.execute("SELECT status FROM run_collectors WHERE run_id = ? AND collector = ?",
                       [run_id, name]).fetchone()
    if resume and state and state[0] == "done":
        return
    keep = resume and state is not None and getattr(module, "RESUMABLE", False)
    tables = registry.tables_of(module)
    with transaction(db):
        if not keep:
            for table in tables:  # a fresh collection replaces what earlier runs wrote
                db.execute(f'DELETE FROM "{table}"')
            db.execute("DELETE FROM errors WHERE run_id = ? AND collector = ?", [run_id, name])
        db.execute("INSERT OR REPLACE INTO run_collectors (run_id, collector, status, started) "
                   "VALUES (?, ?, 'running', ?)", [run_id, name, now()])

    writer = BatchWriter(db)
    ctx = Context(db, run_id, name, options, resuming=keep)
    errors: list[tuple[str, list[object]]] = []
    error_sql = ("INSERT OR IGNORE INTO errors (run_id, collector, path, line, what, at) "
                 "VALUES (?, ?, ?, ?, ?, ?)")

    def flush(final_status: str | None = None) -> None:
        extra = list(errors)
        if final_status:
            extra.append(("UPDATE run_collectors SET status = ?, ended = ?, rows = "
                          f'(SELECT count(*) FROM "{tables[0]}" WHERE run_id = ?), errors = '
                          "(SELECT count(*) FROM errors WHERE run_id = ? AND collector = ?) "
                          "WHERE run_id = ? AND collector = ?",
                          [final_status, now(), run_id, run_id, name, run_id, name]))
        writer.flush(extra)
        errors.clear()

    def record(err: Error) -> None:
        path = display(err.path) if err.path is not None else None
        errors.append((error_sql, [run_id, name, path, err.line, err.what, now()]))

    bulk = getattr(module, "BULK", False)
    if bulk:
        _drop_indexes(db, tables)
    try:
        _collect_rows(module, evidence, ctx, writer, tables, run_id, name, errors, record, flush, progress)
    finally:
        if bulk:  # one sorted build beats millions of random B-tree inserts
            with transaction(db):
                for table in tables:
                    create_table(db, TABLES[table])


def _drop_indexes(db: sqlite_utils.Database, tables: tuple[str, ...]) -> None:
    """Secondary (non-unique) indexes of a BULK collector's tables, dropped while it loads.

    A run killed meanwhile loses nothing: opening the case re-creates them."""
    with transaction(db):
        for table in tables:
            rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT "
                              "NULL AND sql NOT LIKE 'CREATE UNIQUE%'", [table]).fetchall()
            for (index,) in rows:
                db.execute(f'DROP INDEX "{index}"')


def _collect_rows(module: ModuleType, evidence: Evidence, ctx: Context, writer: BatchWriter,
                  tables: tuple[str, ...], run_id: int, name: str, errors: list[Any],
                  record: Callable[[Error], None], flush: Callable[..., None], progress: Progress | None) -> None:
    last = time.monotonic()
    total = 0
    try:
        for item in module.collect(evidence, ctx):
            if isinstance(item, Error):
                record(item)
            elif isinstance(item, Rows):
                writer.add_rows(item.table, item.columns, item.rows, run_id)
                total += len(item.rows) - 1
            elif isinstance(item, tuple):
                writer.add(item[0], {**item[1], "run_id": run_id})
            else:
                writer.add(tables[0], {**item, "run_id": run_id})
            total += 1
            if _stop.set:
                raise Interrupted("stopped by a signal")
            if writer.count + len(errors) >= FLUSH_ROWS or time.monotonic() - last > FLUSH_SECONDS:
                flush()
                last = time.monotonic()
                if progress:
                    progress(name, total, 0)
    except (KeyboardInterrupt, Interrupted):
        flush()
        raise
    except Exception as exc:  # a collector bug must not cost the other collectors
        record(Error(None, f"collector {name} stopped: {type(exc).__name__}: {exc}"))
        flush("failed")
        return
    flush("done")
    if progress:
        progress(name, total, -1)


def _finish_run(db: sqlite_utils.Database, run_id: int, status: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for module in registry.available().values():
        for table in registry.tables_of(module):
            if table in counts or not db[table].exists():
                continue
            n = db.execute(f'SELECT count(*) FROM "{table}" WHERE run_id = ?', [run_id]).fetchone()[0]
            if n:
                counts[table] = n
    errors = db.execute("SELECT count(*) FROM errors WHERE run_id = ?", [run_id]).fetchone()[0]
    with transaction(db):
        db.execute("UPDATE runs SET ended = ?, status = ?, row_counts = ?, error_count = ? WHERE id = ?",
                   [now(), status, json.dumps(counts), errors, run_id])
    return counts
