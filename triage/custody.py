"""Custody: a seal over every row of a case file, and a check that none moved since.

Case files are worked for days and handed around; a responder must be able
to show that what the report cites is what triage wrote. At the end of every
run `seal()` hashes each table's rows in rowid order. Rows are grouped in
chunks of CHUNK consecutive rowids; a chunk keeps, per row, its rowid and the
first 8 bytes of the row's sha256 (about 9 bytes a row once compressed, so a
case of millions of rows stays practical), and the chunk's digest. `verify()`
recomputes the chunks, and where a digest differs compares the row hashes to
name the rows added, changed or removed, table by table.

A row's hash covers the columns the table had when sealed (recorded with the
seal), so a newer triage adding a column does not break an older seal. The seal itself (custody tables)
and full-text indexes (derived from their tables, rebuilt by triggers) are
not sealed; `runs.case_digest` is left out of the runs table's hashes because
it is written after them. The case digest (one sha256 over the table digests)
is printed at the end of a run: note it beside the evidence, and a seal
rewritten by someone who edited the case will no longer match it.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from triage import procs
from triage.case import transaction
from triage.times import now

CHUNK = 4096
ROW_HASH = 8
NOT_SEALED = {"custody", "custody_chunks"}
NOT_HASHED = {"runs": {"case_digest"}}
_FTS_SHADOWS = ("_data", "_idx", "_docsize", "_config", "_content", "_segments", "_segdir", "_stat")
SHOW_ROWS = 20


def rules_digest(dirs: list[str | os.PathLike[str]] | None = None) -> str:
    """sha256 over every rule file (relative name and bytes), so a run says which rule set it used."""
    if not dirs:
        from triage import rules

        dirs = [Path(rules.__file__).parent]
    h = hashlib.sha256()
    for d in dirs:
        base = Path(d)
        files = sorted(p for p in base.rglob("*") if p.suffix in (".yar", ".yara") and p.is_file())
        for p in files:
            h.update(os.fsencode(p.relative_to(base)) + b"\0")
            h.update(p.read_bytes() + b"\0")
    return h.hexdigest()


def file_sha256(path: str | os.PathLike[str]) -> str:
    """sha256 of a (possibly huge) file such as the disk image, read in 4 MiB blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(4 << 20):
            h.update(block)
    return h.hexdigest()


def sealed_tables(db: sqlite_utils.Database) -> list[str]:
    """The tables a seal covers: every ordinary table but the seal and FTS indexes."""
    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                      "AND name NOT LIKE 'sqlite_%'").fetchall()
    virtual = {name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")}
    shadows = {v + s for v in virtual for s in _FTS_SHADOWS}
    return sorted(name for name, _ in rows if name not in virtual | shadows | NOT_SEALED)


def columns_of(db: sqlite_utils.Database, table: str) -> list[str]:
    """The columns a seal hashes, in a fixed order."""
    described = db.conn.execute(f'SELECT * FROM "{table}" LIMIT 0').description  # no PRAGMA: works read-only
    skip = NOT_HASHED.get(table, set())
    return sorted(d[0] for d in described if d[0] not in skip)


@dataclass
class Chunk:
    number: int
    rows: int
    digest: str
    hashes: bytes  # rowid (8 bytes, big-endian) + row hash, per row, in rowid order


def table_chunks(db: sqlite_utils.Database, table: str, cols: list[str] | None = None,
                 rowids: tuple[int, int] | None = None) -> Iterator[Chunk]:
    """The table's rows hashed, CHUNK rowids at a time (only rowids in [lo, hi) if given).

    A row's hash is sha256 over repr() of (rowid, its values in column order):
    repr of str, int, float, bytes and None is exact and stable.
    """
    have = set(columns_of(db, table))
    cols = [c for c in (cols if cols is not None else columns_of(db, table)) if c in have]
    names = "".join(f', "{c}"' for c in cols)
    where = " WHERE rowid >= ? AND rowid < ?" if rowids else ""
    cursor = db.conn.execute(f'SELECT rowid{names} FROM "{table}"{where} ORDER BY rowid', rowids or ())
    sha = hashlib.sha256
    current, parts = None, []
    for row in cursor:
        rowid = row[0]
        number = rowid // CHUNK
        if number != current and parts:
            yield _chunk(current, parts)
            parts = []
        current = number
        parts.append(rowid.to_bytes(8, "big", signed=True)
                     + sha(repr(row).encode("utf-8", "surrogatepass")).digest()[:ROW_HASH])
    if parts:
        yield _chunk(current, parts)


def all_chunks(db: sqlite_utils.Database, table: str, cols: list[str] | None = None) -> Iterator[Chunk]:
    """table_chunks over the whole table, the same chunks in the same order, but a big table
    (millions of log rows) is hashed by one process a core, each on its own span of chunks.

    Reading and hashing every row is most of what sealing a large case costs, and the
    other cores sit idle meanwhile. The helpers open the case read-only: they see what is
    committed, which is all a seal covers (seal() runs in a transaction of its own)."""
    spans = _spans(db, table)
    if len(spans) < 2:
        yield from table_chunks(db, table, cols)
        return
    from concurrent.futures import ProcessPoolExecutor

    path = _db_file(db)
    pool = None
    try:
        pool = ProcessPoolExecutor(len(spans) - 1, mp_context=procs.context())
        futures = [pool.submit(_span_chunks, path, table, cols, span) for span in spans[1:]]
    except Exception:  # noqa: BLE001 - no processes to be had (none left, a daemon): hash it all here
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        yield from table_chunks(db, table, cols)
        return
    try:
        yield from table_chunks(db, table, cols, spans[0])
        for span, future in zip(spans[1:], futures):
            try:
                chunks = future.result()
            except Exception:  # noqa: BLE001 - a helper that failed costs time, not the seal
                chunks = list(table_chunks(db, table, cols, span))
            yield from chunks
    finally:
        pool.shutdown(cancel_futures=True)


PARALLEL_ROWS = 250_000  # below this a table is hashed in-process: starting helpers would cost more


def _spans(db: sqlite_utils.Database, table: str) -> list[tuple[int, int]]:
    """Rowid spans, whole chunks each, one a core, for a table big enough to share out."""
    lo, hi = db.conn.execute(f'SELECT min(rowid), max(rowid) FROM "{table}"').fetchone()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if lo is None or hi - lo < PARALLEL_ROWS or cores < 2 or not _db_file(db):
        return []
    first, last = lo // CHUNK, hi // CHUNK + 1
    step = -(-(last - first) // cores)
    return [(n * CHUNK, min(n + step, last) * CHUNK) for n in range(first, last, step)]


def _db_file(db: sqlite_utils.Database) -> str:
    return next((row[2] for row in db.conn.execute("PRAGMA database_list") if row[1] == "main"), "") or ""


def _span_chunks(path: str, table: str, cols: list[str] | None, span: tuple[int, int]) -> list[Chunk]:
    """In a helper process: one span's chunks, read through a read-only connection."""
    from triage.case import open_readonly

    db = open_readonly(path)
    try:
        return list(table_chunks(db, table, cols, span))
    finally:
        db.conn.close()


def _chunk(number: int | None, parts: list[bytes]) -> Chunk:
    blob = b"".join(parts)
    return Chunk(int(number or 0), len(parts), hashlib.sha256(blob).hexdigest(), blob)


def _table_digest(chunks: list[tuple[int, str]]) -> str:
    h = hashlib.sha256()
    for number, digest in chunks:
        h.update(f"{number}:{digest}\n".encode())
    return h.hexdigest()


def _case_digest(tables: dict[str, tuple[int, str]]) -> str:
    h = hashlib.sha256()
    for name in sorted(tables):
        rows, digest = tables[name]
        h.update(f"{name}:{rows}:{digest}\n".encode())
    return h.hexdigest()


def seal(db: sqlite_utils.Database, run_id: int | None, changed: set[str] | None = None) -> str:
    """Hash every sealed table and store the seal (replacing the previous one's chunks).

    ``changed``: the tables this run wrote, when the caller knows them (a scan
    writes four). The others keep the previous seal's chunks instead of being
    hashed again, if that seal belongs to the run just before this one (no
    unsealed run in between) and covered the same columns: a table edited
    between the two runs then still shows against the seal it broke.
    Returns the case digest, also written to the run's `case_digest`.
    """
    sealed = now()
    tables: dict[str, tuple[int, str]] = {}
    columns: dict[str, list[str]] = {}
    with transaction(db):
        kept = _reusable(db, run_id, changed)
        db.execute("DELETE FROM custody_chunks WHERE tbl NOT IN (SELECT value FROM json_each(?))",
                   [json.dumps(sorted(kept))])
        for table in sealed_tables(db):
            columns[table] = columns_of(db, table)
            if table in kept:
                db.conn.execute("UPDATE custody_chunks SET run_id = ? WHERE tbl = ?", [run_id, table])
                tables[table] = kept[table]
                continue
            summary: list[tuple[int, str]] = []
            total = 0
            for chunk in all_chunks(db, table, columns[table]):
                db.conn.execute("INSERT INTO custody_chunks (run_id, tbl, chunk, rows, digest, hashes) "
                                "VALUES (?, ?, ?, ?, ?, ?)",
                                [run_id, table, chunk.number, chunk.rows, chunk.digest,
                                 zlib.compress(chunk.hashes, 1)])
                summary.append((chunk.number, chunk.digest))
                total += chunk.rows
            tables[table] = (total, _table_digest(summary))
        for table, (rows, digest) in tables.items():
            db.conn.execute("INSERT INTO custody (run_id, sealed, tbl, rows, digest, columns) "
                            "VALUES (?, ?, ?, ?, ?, ?)", [run_id, sealed, table, rows, digest,
                                                          json.dumps(columns[table])])
        digest = _case_digest(tables)
        if run_id is not None:
            db.conn.execute("UPDATE runs SET case_digest = ? WHERE id = ?", [digest, run_id])
    return digest


def _reusable(db: sqlite_utils.Database, run_id: int | None, changed: set[str] | None) -> dict[str, tuple[int, str]]:
    """Tables whose previous seal this one may keep: (rows, digest) by table."""
    if changed is None or run_id is None:
        return {}
    last = db.execute("SELECT run_id, sealed FROM custody ORDER BY id DESC LIMIT 1").fetchone()
    before = db.execute("SELECT max(id) FROM runs WHERE id < ?", [run_id]).fetchone()
    if last is None or before is None or last[0] is None or last[0] != before[0]:
        return {}
    kept = {}
    for table, rows, digest, cols in db.execute(
            "SELECT tbl, rows, digest, columns FROM custody WHERE run_id = ? AND sealed = ?", list(last)):
        if table not in changed and cols and json.loads(cols) == columns_of(db, table):
            kept[table] = (rows, digest)
    return kept


@dataclass
class TableCheck:
    """What changed in one table since the seal."""

    table: str
    status: str  # intact, changed, added table, removed table, seal altered
    sealed_rows: int
    rows: int
    added: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return self.status == "intact"


@dataclass
class Verdict:
    run_id: int | None
    sealed: str | None
    case_digest: str | None
    recorded_digest: str | None
    tables: list[TableCheck]

    @property
    def intact(self) -> bool:
        return self.sealed is not None and all(t.intact for t in self.tables) and (
            self.recorded_digest is None or self.recorded_digest == self.case_digest)


def _unpack(blob: bytes, compressed: bool = True) -> dict[int, bytes]:
    raw = zlib.decompress(blob) if compressed else blob
    step = 8 + ROW_HASH
    return {int.from_bytes(raw[i:i + 8], "big", signed=True): raw[i + 8:i + step]
            for i in range(0, len(raw), step)}


def verify(db: sqlite_utils.Database) -> Verdict:
    """Recompute every table's chunks and compare them with the latest seal."""
    last = db.execute("SELECT run_id, sealed FROM custody ORDER BY id DESC LIMIT 1").fetchone()
    if last is None:
        return Verdict(None, None, None, None, [])
    run_id, sealed = last
    rows = db.execute("SELECT tbl, rows, digest, columns FROM custody WHERE sealed = ? AND run_id IS ?",
                      [sealed, run_id]).fetchall()
    then = {r[0]: (r[1], r[2]) for r in rows}
    sealed_columns = {r[0]: json.loads(r[3]) if r[3] else None for r in rows}
    recorded = None
    if run_id is not None:
        found = db.execute("SELECT case_digest FROM runs WHERE id = ?", [run_id]).fetchone()
        recorded = found[0] if found else None
    checks: list[TableCheck] = []
    current = sealed_tables(db)
    for table in sorted(set(then) | set(current)):
        if table not in current:
            checks.append(TableCheck(table, "removed table", then[table][0], 0))
            continue
        stored = {r[0]: (r[1], r[2]) for r in db.execute(
            "SELECT chunk, digest, hashes FROM custody_chunks WHERE tbl = ?", [table])}
        check = TableCheck(table, "intact", then.get(table, (0, ""))[0], 0)
        if table in then and _table_digest(sorted((n, d) for n, (d, _) in stored.items())) != then[table][1]:
            check.status = "seal altered"  # the chunks no longer add up to the table's sealed digest
        seen: set[int] = set()
        for chunk in all_chunks(db, table, sealed_columns.get(table)):
            check.rows += chunk.rows
            seen.add(chunk.number)
            old = stored.get(chunk.number)
            if old is not None and old[0] == chunk.digest:
                continue
            _diff(check, _unpack(old[1]) if old else {}, _unpack(chunk.hashes, compressed=False))
        for number in set(stored) - seen:
            check.removed.extend(sorted(_unpack(stored[number][1])))
        if table not in then:
            check.status = "added table"
        elif check.status == "seal altered":
            pass
        elif check.added or check.removed or check.changed:
            check.status = "changed"
        checks.append(check)
    digest = _case_digest({t: (then[t][0], then[t][1]) for t in then})
    return Verdict(run_id, sealed, digest, recorded, checks)


def _diff(check: TableCheck, old: dict[int, bytes], new: dict[int, bytes]) -> None:
    for rowid, h in new.items():
        if rowid not in old:
            check.added.append(rowid)
        elif old[rowid] != h:
            check.changed.append(rowid)
    check.removed.extend(r for r in old if r not in new)
