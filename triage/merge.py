"""Fleet: join the case files of several hosts into one, with a `host` column.

An intrusion rarely stops at one server. Each host is collected into its own
case; `merge()` copies every table of each into one case file whose tables
carry a leading `host` column (unique keys include it, so two hosts may have
the same /etc/passwd), and one query then covers the fleet:

    SELECT host, path, score FROM file_scores WHERE score >= 50 ORDER BY host

Ids are renumbered so they stay unique: `id` columns get a per-host offset,
and the columns that point at them (`run_id` at runs, `vhost_id` at vhosts)
get the same offset, so joins keep working inside a host. Each source is
verified before it is merged (its custody seal), and the merge is a run of its
own, recorded and sealed like any other. Seals and FTS indexes are not copied:
the merged case gets its own seal and rebuilds its indexes through triggers.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import socket
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import sqlite_utils

import triage
from triage import custody
from triage.case import CaseError, create_table, open_case, open_readonly, transaction
from triage.schema import TABLES, Table
from triage.times import now

BATCH = 5000
REFERENCES = {"run_id": "runs", "vhost_id": "vhosts"}
NOT_COPIED = custody.NOT_SEALED


@dataclass
class Source:
    path: str
    host: str
    rows: int
    intact: bool | None  # None: the source holds no seal
    case_digest: str | None


def host_table(table: Table) -> Table:
    """The table as a merged case declares it: `host` first, and in every unique key."""
    return replace(table, spec="host text, " + table.spec,
                   unique=tuple(("host", *cols) for cols in table.unique),
                   indexes=(("host",), *table.indexes))


def host_name(db: sqlite_utils.Database, path: str) -> str:
    """The host a case is of: its collected hostname, else the case file's name."""
    for sql in ("SELECT value FROM system_facts WHERE key = 'hostname' AND value <> '' LIMIT 1",):
        try:
            row = db.execute(sql).fetchone()
        except Exception:  # noqa: BLE001 - an older case may lack the table
            row = None
        if row and row[0]:
            return str(row[0]).strip()
    return Path(path).stem


def merge(out_path: str, case_paths: list[str], hosts: list[str] | None = None,
          operator: str | None = None) -> list[Source]:
    """Merge the cases into a new case file at ``out_path``."""
    if os.path.exists(out_path):
        raise CaseError(f"{out_path!r} exists; merge writes a new case file")
    real_out = os.path.realpath(out_path)
    if any(os.path.realpath(p) == real_out for p in case_paths):
        raise CaseError("the merged case cannot be one of its sources")
    if hosts and len(hosts) != len(case_paths):
        raise CaseError(f"{len(hosts)} host names for {len(case_paths)} cases")
    sources = [open_readonly(p) for p in case_paths]
    names = list(hosts) if hosts else [host_name(db, p) for db, p in zip(sources, case_paths)]
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise CaseError(f"two cases are of the same host ({', '.join(dupes)}); name them with --host")

    out = open_case(out_path, create=True)
    with transaction(out):  # the same tables, redeclared with a host column
        for table in TABLES.values():
            if table.name in NOT_COPIED:
                continue
            if table.fts:
                out.execute(f'DROP TABLE IF EXISTS "{table.name}_fts"')
            out.execute(f'DROP TABLE IF EXISTS "{table.name}"')
        for table in TABLES.values():
            if table.name in NOT_COPIED:
                continue
            create_table(out, host_table(table) if table.name != "meta" else replace(
                table, spec="host text, " + table.spec, unique=(("host", "key"),)))
        out.execute("DELETE FROM meta")
    offsets = {t: 0 for t in TABLES}
    result: list[Source] = []
    for db, path, host in zip(sources, case_paths, names):
        verdict = custody.verify(db)
        intact = verdict.intact if verdict.sealed else None
        base = {t: offsets[t] for t in TABLES}
        total = 0
        for table in custody.sealed_tables(db):
            if table not in TABLES or table in NOT_COPIED:
                continue
            total += _copy(db, out, table, host, base)
            if "id" in TABLES[table].columns:
                offsets[table] = out.execute(f'SELECT max(id) FROM "{table}"').fetchone()[0] or offsets[table]
        result.append(Source(os.path.abspath(path), host, total, intact, verdict.case_digest))
        db.conn.close()
    with transaction(out):
        out.execute("INSERT INTO meta (host, key, value) VALUES (NULL, 'merged_hosts', ?)",
                    [json.dumps(names)])
        run_id = out["runs"].insert({
            "command": "merge", "tool_version": triage.__version__, "analyst_host": socket.gethostname(),
            "analyst_user": getpass.getuser(),
            "operator": operator or os.environ.get("TRIAGE_OPERATOR") or getpass.getuser(),
            "argv": json.dumps(sys.argv), "options": json.dumps([vars(s) for s in result]),
            "started": now(), "ended": now(), "status": "complete",
            "row_counts": json.dumps({s.host: s.rows for s in result}),
        }).last_pk
    custody.seal(out, run_id)
    out.conn.close()
    return result


def _copy(src: sqlite_utils.Database, out: sqlite_utils.Database, table: str, host: str,
          base: dict[str, int]) -> int:
    have = [d[0] for d in src.conn.execute(f'SELECT * FROM "{table}" LIMIT 0').description]
    wanted = set(TABLES[table].columns) | {"host"}
    cols = [c for c in have if c in wanted]
    shift = {i: base[REFERENCES[c]] for i, c in enumerate(cols) if c in REFERENCES}
    if "id" in cols:
        shift[cols.index("id")] = base[table]
    from_host = "host" in cols  # a merged case merged again keeps its hosts
    names = cols if from_host else ["host", *cols]
    sql = (f'INSERT INTO "{table}" ({", ".join(_quote(c) for c in names)}) '
           f'VALUES ({", ".join("?" * len(names))})')
    cursor = src.conn.execute(f'SELECT {", ".join(_quote(c) for c in cols)} FROM "{table}" ORDER BY rowid')
    count = 0
    while batch := cursor.fetchmany(BATCH):
        rows = []
        for row in batch:
            values = list(row)
            for i, delta in shift.items():
                if values[i] is not None:
                    values[i] += delta
            rows.append(values if from_host else [host, *values])
        with transaction(out):
            out.conn.executemany(sql, rows)
        count += len(rows)
    return count


def _quote(name: str) -> str:
    if not re.fullmatch(r"\w+", name):
        raise CaseError(f"odd column name {name!r}")
    return f'"{name}"'

