"""Binary login records: utmp/wtmp/btmp, lastlog, and the SQLite wtmpdb/lastlog2.

glibc's ``struct utmp`` is 384 bytes on x86_64 and i386 (32-bit session and
times) and 400 bytes where they are 64-bit (aarch64, s390x, ppc64; s390x
big-endian). The layout is guessed per file by how plausible the first
records look under each candidate, never from the analyst's machine. A file
whose size is not a whole number of records has a cut last record: the
complete ones are read and the remainder is reported.
"""

from __future__ import annotations

import ipaddress
import sqlite3
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone

TYPES = {
    0: "EMPTY",
    1: "RUN_LVL",
    2: "BOOT_TIME",
    3: "NEW_TIME",
    4: "OLD_TIME",
    5: "INIT_PROCESS",
    6: "LOGIN_PROCESS",
    7: "USER_PROCESS",
    8: "DEAD_PROCESS",
    9: "ACCOUNTING",
}


@dataclass(frozen=True)
class Layout:
    name: str
    size: int
    struct: struct.Struct


LAYOUTS = (
    Layout("x86_64", 384, struct.Struct("<hxxi32s4s32s256shhiii16s20x")),
    Layout("64-bit time, little-endian (aarch64)", 400, struct.Struct("<hxxi32s4s32s256shhqqq16s20x4x")),
    Layout("64-bit time, big-endian (s390x)", 400, struct.Struct(">hxxi32s4s32s256shhqqq16s20x4x")),
    Layout("32-bit, big-endian", 384, struct.Struct(">hxxi32s4s32s256shhiii16s20x")),
)


@dataclass
class Record:
    number: int
    type: int
    pid: int
    line: str
    id: str
    user: str
    host: str
    exit_termination: int
    exit_status: int
    session: int
    sec: int
    usec: int
    addr: str

    @property
    def type_name(self) -> str:
        return TYPES.get(self.type, f"UNKNOWN({self.type})")

    @property
    def time(self) -> str | None:
        return iso_us(self.sec, self.usec)


def iso_us(sec: int, usec: int = 0) -> str | None:
    try:
        dt = datetime.fromtimestamp(sec, timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
    text = dt.strftime("%Y-%m-%dT%H:%M:%S")
    if 0 < usec < 1_000_000:
        text += f".{usec:06d}"
    return text + "Z"


def _text(raw: bytes) -> str:
    return raw.split(b"\0", 1)[0].decode("utf-8", "backslashreplace")


def _addr(raw: bytes) -> str:
    if raw[4:] == b"\0" * 12:
        return str(ipaddress.IPv4Address(raw[:4]))
    return str(ipaddress.IPv6Address(raw))


def _plausible(layout: Layout, data: bytes, count: int) -> int:
    score = 0
    for i in range(count):
        try:
            (typ, pid, line, _id, user, _host, _t, _e, _sess, sec, usec, _addr_) = layout.struct.unpack_from(
                data, i * layout.size
            )
        except struct.error:
            break
        score += (0 <= typ <= 9) + (0 <= pid < 1 << 22) + (0 <= usec < 1_000_000)
        score += 3 if 315532800 <= sec <= 4102444800 else (sec == 0)  # 1980..2100, or unset
        score += all(32 <= c < 127 for c in line.split(b"\0", 1)[0]) + all(
            32 <= c < 127 for c in user.split(b"\0", 1)[0]
        )
    return score


def guess_layout(data: bytes) -> Layout:
    """The layout that reads the file's first records most plausibly (x86_64 on a tie)."""
    best, best_score = LAYOUTS[0], -1
    for layout in LAYOUTS:
        count = min(len(data) // layout.size, 64)
        if count == 0:
            continue
        score = _plausible(layout, data, count) * 1000 // count
        whole = len(data) % layout.size == 0
        score += 50 if whole else 0
        if score > best_score:
            best, best_score = layout, score
    return best


def records(data: bytes, layout: Layout | None = None) -> tuple[Layout, list[Record], int]:
    """(layout, complete records, bytes left over after the last complete one)."""
    layout = layout or guess_layout(data)
    out = []
    n = len(data) // layout.size
    for i in range(n):
        (typ, pid, line, rid, user, host, term, status, session, sec, usec, addr) = layout.struct.unpack_from(
            data, i * layout.size
        )
        out.append(
            Record(
                i + 1,
                typ,
                pid,
                _text(line),
                _text(rid),
                _text(user),
                _text(host),
                term,
                status,
                session,
                sec,
                usec,
                _addr(addr),
            )
        )
    return layout, out, len(data) - n * layout.size


# -- lastlog: one fixed-size record per UID, in a sparse file ---------------
LASTLOG = struct.Struct("<i32s256s")  # 292 bytes (x86_64, i386 and most others)


def lastlog_records(chunks: Iterator[tuple[int, bytes]]) -> Iterator[tuple[int, int, str, str]]:
    """(uid, time, tty, host) for each non-empty record in (offset, data) chunks of the file."""
    size = LASTLOG.size
    for offset, data in chunks:
        first = -(-offset // size)
        for uid in range(first, (offset + len(data)) // size):
            start = uid * size - offset
            rec = data[start : start + size]
            if len(rec) < size or rec == b"\0" * size:
                continue
            sec, line, host = LASTLOG.unpack(rec)
            yield uid, sec, _text(line), _text(host)


# -- wtmpdb and lastlog2: SQLite files, read from bytes ------------------------
def sqlite_rows(data: bytes, sql: str) -> list[tuple]:
    """Rows of a query on an SQLite database held in memory (never opened by path)."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.deserialize(data)
        return list(conn.execute(sql))
    finally:
        conn.close()
