"""logins: login records from wtmp, btmp, utmp (and rotations), lastlog, wtmpdb and lastlog2.

Binary utmp records (384-byte x86_64 or 400-byte 64-bit-time layouts, found
per file), lastlog's per-UID records (a sparse file: only its data regions are
read), and the SQLite wtmpdb/lastlog2 databases newer distributions keep
(read from bytes through the evidence door, never opened by path). Why a
responder cares: who logged in from where and when (wtmp), who tried and
failed (btmp: the brute force), who is logged in at seizure (utmp), and each
account's last login even after wtmp was wiped (lastlog). A cut trailing
record, often a sign of tampering or a crash, is flagged, not fatal.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from typing import Any

from triage import utmp
from triage.evidence import Evidence, EvidenceError
from triage.runner import Context, Error
from triage.text import display

ORDER = 40
MAX_UTMP = 256 << 20
MAX_DB = 256 << 20
MAX_LASTLOG_DATA = 64 << 20
BASES = {
    "/var/log/wtmp": "wtmp",
    "/var/log/btmp": "btmp",
    "/var/run/utmp": "utmp",
    "/run/utmp": "utmp",
    "/var/log/wtmp.x": "wtmp",
}


def collect(evidence: Evidence, ctx: Context) -> Iterator[Any]:
    seen: set[str] = set()
    for base, kind in BASES.items():
        for path in [base] + evidence.glob(base + ".*") + evidence.glob(base + "-*"):
            if path in seen or not evidence.is_file(path):
                continue
            seen.add(evidence.resolve(path))
            yield from _utmp_file(evidence, path, kind)
    yield from _lastlog(evidence, "/var/log/lastlog")
    for path in evidence.glob("/var/lib/wtmpdb/*.db"):
        yield from _wtmpdb(evidence, path)
    for path in evidence.glob("/var/lib/lastlog/lastlog2.db"):
        yield from _lastlog2(evidence, path)


def _utmp_file(evidence: Evidence, path: str, kind: str) -> Iterator[Any]:
    try:
        data = evidence.read_bytes(path, limit=MAX_UTMP)
    except EvidenceError as exc:
        yield Error.of(exc)
        return
    if not data:
        return
    layout, records, rest = utmp.records(data)
    source = display(path)
    for r in records:
        flags = []
        if r.type not in utmp.TYPES:
            flags.append(f"unknown record type {r.type}")
        yield {
            "source": source,
            "line": r.number,
            "kind": kind,
            "type": r.type_name,
            "user": r.user,
            "tty": r.line,
            "host": r.host,
            "ip": r.addr,
            "pid": r.pid,
            "time": r.time,
            "session": r.session,
            "ut_id": r.id,
            "flags": json.dumps(flags),
        }
    if rest:
        yield Error(
            path,
            f"{rest} trailing bytes after record {len(records)}: a cut last record "
            f"({layout.name}, {layout.size}-byte records)",
            len(records) + 1,
        )


def _lastlog(evidence: Evidence, path: str) -> Iterator[Any]:
    if not evidence.is_file(path):
        return
    names = evidence.user_names()
    try:
        fd = evidence.open_fd(path)
    except EvidenceError as exc:
        yield Error.of(exc)
        return
    try:
        chunks = list(_data_regions(fd))
    finally:
        os.close(fd)
    source = display(path)
    for uid, sec, line, host in utmp.lastlog_records(iter(chunks)):
        yield {
            "source": source,
            "line": uid,
            "kind": "lastlog",
            "type": "LASTLOG",
            "user": names.get(uid, str(uid)),
            "tty": line,
            "host": host,
            "ip": None,
            "pid": None,
            "time": utmp.iso_us(sec),
            "session": None,
            "ut_id": None,
            "flags": json.dumps([] if uid in names else ["uid not in the image's /etc/passwd"]),
        }


def _data_regions(fd: int) -> Iterator[tuple[int, bytes]]:
    """(offset, bytes) of the parts of a sparse file that hold data."""
    size = os.fstat(fd).st_size
    offset, total = 0, 0
    while offset < size and total < MAX_LASTLOG_DATA:
        try:
            start = os.lseek(fd, offset, os.SEEK_DATA)
            end = os.lseek(fd, start, os.SEEK_HOLE)
        except OSError:  # no SEEK_DATA here (or past the last data): read what is left plainly
            start, end = offset, size
        # align to the record size so no record is split across regions
        start -= start % utmp.LASTLOG.size
        length = min(end - start, MAX_LASTLOG_DATA - total)
        data = os.pread(fd, length, start)
        if not data:
            break
        yield start, data
        total += len(data)
        offset = start + len(data)
        if end >= size:
            break


def _sqlite(evidence: Evidence, path: str, sql: str) -> list[tuple] | Error:
    try:
        data = evidence.read_bytes(path, limit=MAX_DB)
        return utmp.sqlite_rows(data, sql)
    except EvidenceError as exc:
        return Error.of(exc)
    except sqlite3.Error as exc:
        return Error(path, f"not a readable SQLite database: {exc}")


def _wtmpdb(evidence: Evidence, path: str) -> Iterator[Any]:
    rows = _sqlite(
        evidence, path, "SELECT ID, Type, User, Login, Logout, TTY, RemoteHost, Service FROM wtmp ORDER BY ID"
    )
    if isinstance(rows, Error):
        yield rows
        return
    source = display(path)
    for rid, typ, user, login, logout, tty, host, service in rows:
        for when, what in ((login, "login"), (logout, "logout")):
            if when is None:
                continue
            sec, usec = divmod(int(when), 1_000_000)
            yield {
                "source": source,
                "line": rid,
                "kind": "wtmpdb",
                "type": f"{what} (type {typ})",
                "user": user,
                "tty": tty,
                "host": host,
                "ip": host,
                "pid": None,
                "time": utmp.iso_us(sec, usec),
                "session": None,
                "ut_id": service,
                "flags": json.dumps([]),
            }


def _lastlog2(evidence: Evidence, path: str) -> Iterator[Any]:
    rows = _sqlite(evidence, path, "SELECT Name, Time, TTY, RemoteHost, Service FROM Lastlog2")
    if isinstance(rows, Error):
        yield rows
        return
    source = display(path)
    for number, (name, when, tty, host, service) in enumerate(rows, 1):
        yield {
            "source": source,
            "line": number,
            "kind": "lastlog2",
            "type": "LASTLOG",
            "user": name,
            "tty": tty,
            "host": host,
            "ip": host,
            "pid": None,
            "time": utmp.iso_us(int(when or 0)),
            "session": None,
            "ut_id": service,
            "flags": json.dumps([]),
        }
