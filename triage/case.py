"""The case file: one SQLite database, opened through sqlite-utils.

Writers use WAL (so `triage query` can read while a collection runs) and put
rows in multi-row batches inside transactions, so a killed run leaves a
consistent file. Readers open it with mode=ro and an authorizer that refuses
anything but reading.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from triage.schema import SCHEMA_VERSION, TABLES, Table


class CaseError(Exception):
    """A problem with the case file the user can fix; shown as one line."""


def check_location(case_path: str | os.PathLike[str], evidence_root: str | os.PathLike[str],
                   what: str = "the case file") -> None:
    """Refuse a case file (or report, or export) inside the evidence root: evidence is never written."""
    case_dir = os.path.realpath(os.path.dirname(os.path.abspath(case_path)) or ".")
    root = os.path.realpath(evidence_root)
    if os.path.commonpath([case_dir, root]) == root:
        raise CaseError(
            f"{what} {os.fspath(case_path)!r} would be inside the evidence root {root!r}; "
            "put it elsewhere (nothing is ever written under the evidence root)"
        )


def check_output(output: str | os.PathLike[str], case_path: str | os.PathLike[str]) -> None:
    """Refuse to write an output file under any evidence root the case was collected from."""
    db = open_readonly(case_path)
    try:
        roots = [r[0] for r in db.execute("SELECT DISTINCT evidence_root FROM runs WHERE evidence_root IS NOT NULL")]
    except sqlite3.DatabaseError:
        roots = []
    finally:
        db.conn.close()
    for root in roots:
        if os.path.isdir(root):
            check_location(output, root, what="the output file")


def open_case(path: str | os.PathLike[str], create: bool = True) -> sqlite_utils.Database:
    """Open (and create or upgrade) a case file for writing."""
    p = Path(path)
    if not create and not p.exists():
        raise CaseError(f"no case file at {os.fspath(path)!r}")
    if p.exists() and p.is_dir():
        raise CaseError(f"{os.fspath(path)!r} is a directory, not a case file")
    if not p.parent.exists():
        raise CaseError(f"the folder for the case file does not exist: {os.fspath(p.parent)!r}")
    try:
        conn = sqlite3.connect(os.fspath(p), timeout=30, isolation_level=None, check_same_thread=False)
        db = sqlite_utils.Database(conn)
        # 16 KB pages (takes effect on a new file only): log rows carry long URLs, and fewer,
        # larger pages cut the bulk writer's CPU about a quarter (bench/logs.py).
        db.execute("PRAGMA page_size=16384")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        ensure_schema(db)
    except sqlite3.DatabaseError as exc:
        raise CaseError(f"{os.fspath(path)!r} is not a usable case file: {exc}") from None
    return db


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """BEGIN ... COMMIT around a block (the connection is in autocommit mode)."""
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


def ensure_schema(db: sqlite_utils.Database, tables: Iterable[Table] | None = None) -> None:
    with transaction(db):
        for table in tables or TABLES.values():
            create_table(db, table)
        # written only when it differs: opening a case must not change a sealed row (a REPLACE gives the
        # row a new rowid, and a later run that keeps the previous seal for `meta` would then see it changed)
        row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None or row[0] != str(SCHEMA_VERSION):
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                       [str(SCHEMA_VERSION)])


def create_table(db: sqlite_utils.Database, table: Table) -> None:
    t = db[table.name]
    if not t.exists():
        pk = "id" if "id" in table.columns else None
        t.create(table.columns, pk=pk)
    else:  # a newer triage may have added columns
        have = set(t.columns_dict)
        for col, kind in table.columns.items():
            if col not in have:
                t.add_column(col, kind)
    for cols in table.unique:
        t.create_index(cols, unique=True, if_not_exists=True)
    for cols in table.indexes:
        t.create_index(cols, if_not_exists=True)
    if table.fts and not t.detect_fts():
        t.enable_fts(list(table.fts), create_triggers=True)


_READS = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE,
          sqlite3.SQLITE_SAVEPOINT, sqlite3.SQLITE_TRANSACTION}


def _deny_writes(action: int, arg1: str | None, arg2: str | None, *_rest: object) -> int:
    if action in _READS or (action == sqlite3.SQLITE_PRAGMA and arg2 is None):
        return sqlite3.SQLITE_OK  # a pragma without a value only reads
    if action == sqlite3.SQLITE_UPDATE and arg1 == "sqlite_master":
        return sqlite3.SQLITE_OK  # asked when an FTS5 table is first opened; mode=ro still forbids the write
    return sqlite3.SQLITE_DENY


def open_readonly(path: str | os.PathLike[str]) -> sqlite_utils.Database:
    """Open a case file so that nothing can change it (mode=ro plus an authorizer)."""
    p = Path(path)
    if not p.is_file():
        raise CaseError(f"no case file at {os.fspath(path)!r}")
    try:
        conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise CaseError(f"{os.fspath(path)!r} is not a case file: {exc}") from None
    db = sqlite_utils.Database(conn)
    conn.set_authorizer(_deny_writes)
    return db


class BatchWriter:
    """Rows for many tables, written in multi-row batches, one transaction a flush.

    Rows are dicts keyed by the table's declared columns; a key the schema does
    not know is a programming error and raises at once.
    """

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.pending: dict[str, list[Sequence[object]]] = {}
        self.count = 0
        self._sql: dict[str, tuple[str, list[str], frozenset[str]]] = {}
        self._bulk_sql: dict[tuple[str, tuple[str, ...], int], str] = {}
        self.bulk: list[tuple[str, list[Sequence[object]]]] = []

    def _statement(self, table: str) -> tuple[str, list[str], frozenset[str]]:
        if table not in self._sql:
            if table not in TABLES:
                raise KeyError(f"no table {table!r} in triage.schema")
            cols = [c for c in TABLES[table].columns if c != "id"]
            verb = "INSERT OR IGNORE" if TABLES[table].unique else "INSERT"
            marks = ", ".join("?" * len(cols))
            names = ", ".join(f'"{c}"' for c in cols)
            self._sql[table] = (f'{verb} INTO "{table}" ({names}) VALUES ({marks})', cols, frozenset(cols))
        return self._sql[table]

    def add(self, table: str, row: dict[str, object]) -> None:
        _sql, cols, known = self._statement(table)
        if not known.issuperset(row):
            raise KeyError(f"{table}: unknown columns {sorted(set(row) - known)}")
        self.pending.setdefault(table, []).append([row.get(c) for c in cols])
        self.count += 1

    def add_rows(self, table: str, columns: Sequence[str], rows: list[Sequence[object]], run_id: int) -> None:
        """Tuples already in ``columns`` order, all for one run: no dict a row."""
        key = (table, tuple(columns), int(run_id))
        sql = self._bulk_sql.get(key)
        if sql is None:
            known = self._statement(table)[2]
            if not known.issuperset(columns):
                raise KeyError(f"{table}: unknown columns {sorted(set(columns) - known)}")
            names = ", ".join(f'"{c}"' for c in ("run_id", *columns))
            sql = self._bulk_sql[key] = (f'INSERT INTO "{table}" ({names}) VALUES ({int(run_id)}, '
                                         f'{", ".join("?" * len(columns))})')
        self.bulk.append((sql, rows))
        self.count += len(rows)

    def flush(self, extra: Iterable[tuple[str, Sequence[object]]] = ()) -> None:
        """Write what is pending, plus ``extra`` (sql, params) statements, atomically."""
        with transaction(self.db):
            for table, rows in self.pending.items():
                self.db.conn.executemany(self._statement(table)[0], rows)
            for sql, rows in self.bulk:
                self.db.conn.executemany(sql, rows)
            for sql, params in extra:
                self.db.conn.execute(sql, params)
        self.pending.clear()
        self.bulk.clear()
        self.count = 0
