"""RPM's package database, read by hand: the Berkeley DB hash file and the header blobs.

RHEL/CentOS up to 8 (and every cPanel or Plesk box built on them) keep the
installed packages in /var/lib/rpm/Packages, a Berkeley DB hash database whose
keys are header numbers and whose values are RPM header blobs. The analyst's
machine rarely has a Berkeley DB rpm, and the image's own tools must not run,
so this module reads the file itself: read-only, page by page, every offset,
length and page chain checked, so a damaged or planted file gives error
records naming the page while the other records still come out.

Layout, from Berkeley DB's dbinc/db_page.h and rpm's read-only reader
(lib/backend/bdb_ro.c): page 0 is the hash meta page (magic 0x061561 at byte
12 says the byte order, page size at 20, last page number at 32, metaflags at
26); every page starts with a 26-byte header (page number at 8, next page at
16, entry count at 20, high-free offset at 22, type at 25); a hash page (type
2 or 13) holds an array of 16-bit item offsets after the header, items paired
key/data and laid out from the page end down; an item's first byte is its
kind: 1 = bytes inline, 3 = off-page (page number and total length at +4 and
+8), its value spread over overflow pages (type 7) whose data length sits in
the high-free field. The reader visits every hash page in file order rather
than following bucket chains, so no chain can send it round in circles and a
record on a page the buckets no longer reach still shows.

`databases` and `headers` find and read the image's databases through the
Evidence door: rpmdb.sqlite (RHEL 9, Fedora; with its write-ahead log, where
the latest transactions may sit), Packages (Berkeley DB) and NDB (SUSE's
Packages.db, read by `packages_ndb`).
"""

from __future__ import annotations

import os
import sqlite3
import struct
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from triage.evidence import Evidence, EvidenceError
from triage.runner import Error

HASH_MAGIC = 0x00061561
BTREE_MAGIC = 0x00053162
PAGE_HEADER = 26
P_INVALID, P_HASH_UNSORTED, P_OVERFLOW, P_HASHMETA, P_HASH = 0, 2, 7, 8, 13
H_KEYDATA, H_DUPLICATE, H_OFFPAGE, H_OFFDUP = 1, 2, 3, 4
DBMETA_CHKSUM = 0x01
MAX_VALUE = 256 << 20  # rpm refuses headers above 256 MiB itself


class BdbError(Exception):
    """The file as a whole is not a Berkeley DB hash database this reader can read."""


@dataclass(frozen=True)
class BadRecord:
    """One record (or page) that could not be read; the others still are."""

    page: int
    what: str


class _Bad(Exception):
    pass


class HashDB:
    """A Berkeley DB hash file on a seekable binary stream of ``size`` bytes."""

    def __init__(self, fh: BinaryIO, size: int) -> None:
        self.fh, self.size = fh, size
        fh.seek(0)
        meta = fh.read(512)
        if len(meta) < 512:
            raise BdbError(f"{len(meta)} bytes: shorter than a Berkeley DB meta page (512)")
        for order in ("<", ">"):
            magic = struct.unpack_from(order + "I", meta, 12)[0]
            if magic == HASH_MAGIC:
                break
            if magic == BTREE_MAGIC:
                raise BdbError("a Berkeley DB btree, not the hash database rpm keeps Packages in")
        else:
            raise BdbError("no Berkeley DB hash magic at byte 12")
        self.order = order
        self.big_endian = order == ">"
        version, self.pagesize = struct.unpack_from(order + "II", meta, 16)
        encrypt, ptype, metaflags = meta[24], meta[25], meta[26]
        self.last_pgno = struct.unpack_from(order + "I", meta, 32)[0]
        self.nelem = struct.unpack_from(order + "I", meta, 88)[0]
        if not 8 <= version <= 10:
            raise BdbError(f"hash version {version}: not one this reader knows (8-10)")
        if self.pagesize < 512 or self.pagesize > 65536 or self.pagesize & (self.pagesize - 1):
            raise BdbError(f"page size {self.pagesize}: not a Berkeley DB page size")
        if ptype != P_HASHMETA:
            raise BdbError(f"meta page type {ptype}, not a hash meta page")
        if encrypt:
            raise BdbError("encrypted Berkeley DB: not readable without the key")
        # With checksums on, 6 more bytes (alignment + checksum) sit before the item offsets.
        self.overhead = PAGE_HEADER + (6 if metaflags & DBMETA_CHKSUM else 0)
        self.pages = size // self.pagesize
        # An honest file reassembles each overflow page once; more means pages shared or looped.
        self._budget = size + self.pagesize

    def _page(self, pgno: int) -> bytes:
        self.fh.seek(pgno * self.pagesize)
        page = self.fh.read(self.pagesize)
        if len(page) != self.pagesize:
            raise _Bad(f"page {pgno} is cut short ({len(page)} of {self.pagesize} bytes)")
        return page

    def _u16(self, page: bytes, off: int) -> int:
        return struct.unpack_from(self.order + "H", page, off)[0]

    def _u32(self, page: bytes, off: int) -> int:
        return struct.unpack_from(self.order + "I", page, off)[0]

    def records(self) -> Iterator[tuple[bytes, bytes] | BadRecord]:
        """Every key/data pair on the hash pages, or a BadRecord where one cannot be read."""
        if self.pages <= self.last_pgno:
            yield BadRecord(self.pages, f"file is truncated: the meta page says {self.last_pgno + 1} pages, "
                            f"the file holds {self.size / self.pagesize:.1f}")
        elif self.size % self.pagesize:
            yield BadRecord(self.pages, f"{self.size % self.pagesize} stray bytes after the last page")
        for pgno in range(1, min(self.last_pgno + 1, self.pages)):
            try:
                page = self._page(pgno)
            except _Bad as exc:
                yield BadRecord(pgno, str(exc))
                continue
            if page[25] in (P_INVALID, P_OVERFLOW):
                continue  # free pages, and overflow pages reached through their records
            if page[25] not in (P_HASH_UNSORTED, P_HASH):
                yield BadRecord(pgno, f"page {pgno} has type {page[25]}, which a hash database does not hold "
                                "(damaged or overwritten): any records on it are lost")
                continue
            if self._u32(page, 8) != pgno:
                yield BadRecord(pgno, f"hash page {pgno} says it is page {self._u32(page, 8)}: not read")
                continue
            yield from self._pairs(pgno, page)

    def _pairs(self, pgno: int, page: bytes) -> Iterator[tuple[bytes, bytes] | BadRecord]:
        size = self.pagesize
        entries = self._u16(page, 20)
        if self.overhead + entries * 2 > size:
            yield BadRecord(pgno, f"hash page {pgno} claims {entries} items, more than a page holds")
            return
        if entries % 2:
            yield BadRecord(pgno, f"hash page {pgno} holds an odd number of items ({entries}): the last is alone")
        offsets = struct.unpack_from(f"{self.order}{entries}H", page, self.overhead)
        floor = self.overhead + entries * 2
        for i in range(0, entries - 1, 2):
            kend = size if i == 0 else offsets[i - 1]
            koff, voff = offsets[i], offsets[i + 1]
            if not floor <= voff < koff < kend <= size:
                yield BadRecord(pgno, f"hash page {pgno} item {i // 2}: offsets {voff}/{koff}/{kend} out of order "
                                "or outside the page")
                continue
            try:
                key = self._item(pgno, page, koff, kend - koff)
                value = self._item(pgno, page, voff, koff - voff)
            except _Bad as exc:
                yield BadRecord(pgno, f"hash page {pgno} item {i // 2}: {exc}")
                continue
            yield key, value

    def _item(self, pgno: int, page: bytes, off: int, length: int) -> bytes:
        kind = page[off]
        if kind == H_KEYDATA:
            return page[off + 1:off + length]
        if kind == H_OFFPAGE:
            if length != 12:
                raise _Bad(f"off-page reference of {length} bytes, not 12")
            first, total = struct.unpack_from(self.order + "II", page, off + 4)
            return self._overflow(first, total)
        if kind in (H_DUPLICATE, H_OFFDUP):
            raise _Bad("duplicate-key item: rpm's Packages database has none")
        raise _Bad(f"unknown item kind {kind}")

    def _overflow(self, pgno: int, total: int) -> bytes:
        if total == 0 or total > MAX_VALUE:
            raise _Bad(f"off-page value of {total} bytes (limit {MAX_VALUE})")
        if total > self._budget:
            raise _Bad("off-page values add up to more than the file holds (pages shared or looped); not read")
        out = bytearray()
        seen: set[int] = set()
        while len(out) < total:
            if pgno == 0 or pgno > self.last_pgno or pgno >= self.pages:
                where = "end" if pgno == 0 else f"page {pgno}, beyond the file"
                raise _Bad(f"overflow chain stops at {where} after {len(out)} of {total} bytes")
            if pgno in seen:
                raise _Bad(f"overflow chain loops back to page {pgno}")
            seen.add(pgno)
            page = self._page(pgno)
            if page[25] != P_OVERFLOW or self._u32(page, 8) != pgno:
                raise _Bad(f"page {pgno} in an overflow chain is not an overflow page")
            length = self._u16(page, 22)
            if length == 0 or self.overhead + length > self.pagesize or length > total - len(out):
                raise _Bad(f"overflow page {pgno} holds {length} bytes, which does not fit")
            out += page[self.overhead:self.overhead + length]
            pgno = self._u32(page, 16)
        self._budget -= total
        return bytes(out)


def packages_bdb(fh: BinaryIO, size: int) -> Iterator[tuple[int, bytes] | BadRecord]:
    """(header number, header blob) of rpm's Packages file; key 0 (rpm's counter) is skipped."""
    db = HashDB(fh, size)
    for item in db.records():
        if isinstance(item, BadRecord):
            yield item
            continue
        key, value = item
        if len(key) != 4:
            yield BadRecord(0, f"key of {len(key)} bytes, not a 4-byte header number")
            continue
        hnum = struct.unpack(db.order + "I", key)[0]
        if hnum:
            yield hnum, value



# -- NDB (SUSE's Packages.db) -------------------------------------------------------
# Layout from rpm's lib/backend/ndb/rpmpkg.c: a 32-byte header ("RpmP", version 0, generation,
# slot page count, next package index; little-endian) inside the first of `slotnpages` 4 KiB slot
# pages; each 16-byte slot ("Slot", package index, block offset, block count; offset 0 = free)
# points at a blob in 16-byte blocks: "BlbS", package index, time stamp, length, the header
# blob, zero padding, then adler32 (over all before it), length and "BlbE".
NDB_MAGIC, NDB_SLOT, NDB_BLOB_HEAD, NDB_BLOB_TAIL = b"RpmP", b"Slot", b"BlbS", b"BlbE"


def packages_ndb(fh: BinaryIO, size: int) -> Iterator[tuple[int, bytes] | BadRecord]:
    """(package index, header blob) of every used slot of an NDB Packages.db; a bad slot or
    blob is a BadRecord naming the slot, the others still come out."""
    fh.seek(0)
    head = fh.read(32)
    if len(head) < 32 or head[:4] != NDB_MAGIC:
        raise BdbError("no NDB magic (RpmP) at the start")
    version, _generation, npages = struct.unpack_from("<III", head, 4)
    if version != 0:
        raise BdbError(f"NDB version {version}: not one this reader knows (0)")
    if npages == 0 or npages * 4096 > size:
        raise BdbError(f"NDB header claims {npages} slot pages; the file holds {size} bytes")
    blocks, first_block = size // 16, npages * 256
    fh.seek(0)
    slots = fh.read(npages * 4096)
    for slotno in range(2, npages * 256):
        magic, pkgidx, blkoff, blkcnt = struct.unpack_from("<4sIII", slots, slotno * 16)
        if magic != NDB_SLOT:
            yield BadRecord(slotno // 256, f"slot {slotno} has no slot magic: damaged slot page")
            continue
        if not blkoff:
            continue
        if not pkgidx or not blkcnt or blkoff < first_block or blkoff + blkcnt > blocks:
            yield BadRecord(slotno // 256, f"slot {slotno} (package {pkgidx}) points at blocks {blkoff}+{blkcnt}, "
                            f"outside the data area (blocks {first_block}-{blocks})")
            continue
        if blkcnt * 16 > MAX_VALUE:
            yield BadRecord(slotno // 256, f"slot {slotno}: blob of {blkcnt * 16} bytes (limit {MAX_VALUE})")
            continue
        fh.seek(blkoff * 16)
        raw = fh.read(blkcnt * 16)
        problem = _ndb_blob_problem(raw, pkgidx)
        if problem:
            yield BadRecord(slotno // 256, f"slot {slotno} (package {pkgidx}): {problem}")
            continue
        length = struct.unpack_from("<I", raw, 12)[0]
        yield pkgidx, raw[16:16 + length]


def _ndb_blob_problem(raw: bytes, pkgidx: int) -> str | None:
    if len(raw) < 32 or raw[:4] != NDB_BLOB_HEAD:
        return "no blob start (BlbS) where the slot points"
    owner, _stamp, length = struct.unpack_from("<III", raw, 4)
    if owner != pkgidx:
        return f"the blob there belongs to package {owner}"
    if (16 + length + 12 + 15) // 16 != len(raw) // 16:
        return f"blob length {length} does not fit its {len(raw) // 16} blocks"
    adler, tail_length, tail = struct.unpack_from("<II4s", raw, len(raw) - 12)
    if tail != NDB_BLOB_TAIL or tail_length != length:
        return "blob end (BlbE) missing or disagreeing"
    if zlib.adler32(raw[:-12]) != adler:
        return "blob checksum (adler32) does not match: altered or half-written"
    return None

# -- RPM headers ------------------------------------------------------------------
NAME, VERSION, RELEASE, EPOCH, INSTALLTIME, ARCH = 1000, 1001, 1002, 1003, 1008, 1022
OLDFILENAMES, FILEMODES, FILESTATES, FILEDIGESTS, FILEFLAGS, FILEVERIFYFLAGS = 1027, 1030, 1029, 1035, 1037, 1045
DIRINDEXES, BASENAMES, DIRNAMES, FILEDIGESTALGO = 1116, 1117, 1118, 5011
TAGS = {NAME, VERSION, RELEASE, EPOCH, INSTALLTIME, ARCH, OLDFILENAMES, FILEMODES, FILESTATES, FILEDIGESTS,
        FILEFLAGS, FILEVERIFYFLAGS, DIRINDEXES, BASENAMES, DIRNAMES, FILEDIGESTALGO}
# rpm's tag types: CHAR, INT8, INT16, INT32, INT64, STRING, BIN, STRING_ARRAY, I18NSTRING.
_INTS = {1: "b", 2: "b", 3: "H", 4: "I", 5: "Q"}
# pgpHashAlgo numbers (rpmpgp.h); FILEDIGESTALGO absent means md5.
DIGEST_ALGOS = {1: "md5", 2: "sha1", 3: "ripemd160", 5: "md2", 6: "tiger192", 7: "haval-5-160", 8: "sha256",
                9: "sha384", 10: "sha512", 11: "sha224"}
RPMFILE_CONFIG, RPMFILE_MISSINGOK, RPMFILE_GHOST = 1, 8, 64
STATE_NORMAL, STATE_REPLACED, STATE_NOTINSTALLED, STATE_NETSHARED, STATE_WRONGCOLOR = 0, 1, 2, 3, 4
VERIFY_DIGEST = 1


def header_tags(blob: bytes, wanted: set[int] | frozenset[int] = frozenset(TAGS)) -> dict[int, Any]:
    """The wanted tags of an RPM header blob (index count, data length, index, data):
    strings as bytes, arrays as lists; ValueError when an entry points outside the blob."""
    if len(blob) < 8:
        raise ValueError(f"{len(blob)} bytes: too short for a header")
    count, size = struct.unpack_from(">II", blob, 0)
    data = 8 + count * 16
    if count > 0xFFFF or data + size > len(blob):
        raise ValueError(f"header claims {count} entries and {size} data bytes, beyond its {len(blob)} bytes")
    store = blob[data:data + size]
    out: dict[int, Any] = {}
    for i in range(count):
        tag, kind, offset, n = struct.unpack_from(">iiii", blob, 8 + i * 16)
        if tag not in wanted:
            continue
        if offset < 0 or offset >= size or n < 0:
            raise ValueError(f"tag {tag}: offset {offset} / count {n} outside the data")
        if kind in (6, 8, 9):  # STRING, STRING_ARRAY, I18NSTRING (first translation)
            want = 1 if kind != 8 else n
            if want > size - offset:
                raise ValueError(f"tag {tag}: {want} strings cannot fit")
            items, pos = [], offset
            for _ in range(want):
                end = store.find(b"\0", pos)
                if end < 0:
                    raise ValueError(f"tag {tag}: string runs past the data")
                items.append(store[pos:end])
                pos = end + 1
            out[tag] = items if kind == 8 else items[0]
        elif kind in _INTS:
            width = struct.calcsize(_INTS[kind])
            if n * width > size - offset:
                raise ValueError(f"tag {tag}: {n} values run past the data")
            out[tag] = list(struct.unpack_from(f">{n}{_INTS[kind]}", store, offset))
        else:
            raise ValueError(f"tag {tag}: unexpected type {kind}")
    return out


@dataclass
class RpmFile:
    path: str  # image path; undecodable bytes kept as surrogate escapes
    digest: str  # hex, empty for anything but a regular file
    mode: int
    flags: int
    state: int  # STATE_NORMAL when the header has no FILESTATES
    verify: int  # verify flags; all bits set when absent


@dataclass
class RpmPackage:
    name: str
    version: str
    release: str
    epoch: int | None
    arch: str
    installtime: int | None
    digest_algo: str
    files: list[RpmFile] = field(default_factory=list)
    file_error: str | None = None

    @property
    def evr(self) -> str:
        evr = f"{self.version}-{self.release}"
        return f"{self.epoch}:{evr}" if self.epoch else evr


def _text(raw: Any) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else ""


def _one(value: Any) -> int | None:
    return value[0] if isinstance(value, list) and value else None


def parse_package(blob: bytes) -> RpmPackage:
    """The package and its file list; ValueError when the header itself is unreadable. A file
    list whose arrays disagree leaves ``files`` empty and says why in ``file_error``."""
    h = header_tags(blob)
    algo_number = _one(h.get(FILEDIGESTALGO))
    algo = DIGEST_ALGOS.get(algo_number, f"algorithm {algo_number}") if algo_number else "md5"
    pkg = RpmPackage(_text(h.get(NAME)), _text(h.get(VERSION)), _text(h.get(RELEASE)), _one(h.get(EPOCH)),
                     _text(h.get(ARCH)), _one(h.get(INSTALLTIME)), algo)
    try:
        pkg.files = _files(h)
    except ValueError as exc:
        pkg.file_error = str(exc)
    return pkg


def _files(h: dict[int, Any]) -> list[RpmFile]:
    if BASENAMES in h:
        bases, dirs, index = h[BASENAMES], h.get(DIRNAMES, []), h.get(DIRINDEXES, [])
        if len(index) != len(bases):
            raise ValueError(f"{len(bases)} file names but {len(index)} folder indexes")
        if any(not 0 <= d < len(dirs) for d in index):
            raise ValueError("a folder index points past the folder names")
        raw = [dirs[d] + b for d, b in zip(index, bases, strict=True)]
    else:
        raw = h.get(OLDFILENAMES, [])
    n = len(raw)
    digests = h.get(FILEDIGESTS, [b""] * n)
    modes = h.get(FILEMODES, [0] * n)
    flags = h.get(FILEFLAGS, [0] * n)
    states = h.get(FILESTATES, [STATE_NORMAL] * n)
    verify = h.get(FILEVERIFYFLAGS, [0xFFFFFFFF] * n)
    for name, values in (("digests", digests), ("modes", modes), ("flags", flags), ("states", states),
                         ("verify flags", verify)):
        if len(values) != n:
            raise ValueError(f"{n} files but {len(values)} {name}")
    return [RpmFile(p.decode("utf-8", "surrogateescape"), d.decode("ascii", "replace").lower(), m, f, s, v)
            for p, d, m, f, s, v in zip(raw, digests, modes, flags, states, verify, strict=True)]


# -- the image's databases ----------------------------------------------------------
SQLITE = ("/var/lib/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/rpmdb.sqlite")
BDB = ("/var/lib/rpm/Packages", "/usr/lib/sysimage/rpm/Packages")
NDB = ("/var/lib/rpm/Packages.db", "/usr/lib/sysimage/rpm/Packages.db")
MAX_RPMDB = 512 << 20


def databases(evidence: Evidence) -> list[tuple[str, str]]:
    """(image path, "sqlite" | "bdb" | "ndb") of the RPM databases the image holds."""
    return [(p, kind) for kind, paths in (("sqlite", SQLITE), ("bdb", BDB), ("ndb", NDB))
            for p in _existing(evidence, paths)]


def headers(evidence: Evidence, path: str, kind: str) -> Iterator[tuple[int, bytes] | Error]:
    """(header number, blob) of every installed package in one database, or Errors."""
    if kind == "sqlite":
        return _sqlite_headers(evidence, path)
    return _file_headers(evidence, path, packages_ndb if kind == "ndb" else packages_bdb,
                         "NDB" if kind == "ndb" else "Berkeley DB")


def _existing(evidence: Evidence, paths: tuple[str, ...]) -> list[str]:
    """The paths that exist, once each: /var/lib/rpm is often a link to /usr/lib/sysimage/rpm."""
    out, seen = [], set()
    for path in paths:
        if not evidence.is_file(path):
            continue
        try:
            real = evidence.resolve(path)
        except EvidenceError:
            real = path
        if real not in seen:
            seen.add(real)
            out.append(path)
    return out


def _sqlite_headers(evidence: Evidence, path: str) -> Iterator[tuple[int, bytes] | Error]:
    """Header blobs of rpmdb.sqlite, its write-ahead log included (recent installs may sit only
    there), read from a private copy: sqlite cannot replay a WAL on a read-only original."""
    with tempfile.TemporaryDirectory(prefix="triage-rpmdb-") as tmp:
        try:
            copy = copy_sqlite(evidence, path, tmp)
        except EvidenceError as exc:
            yield Error.of(exc)
            return
        except OSError as exc:
            yield Error(path, f"RPM database could not be copied for reading ({exc}): installed packages unknown")
            return
        conn = sqlite3.connect(copy)
        try:
            conn.execute("PRAGMA trusted_schema = OFF")  # a planted schema's views and triggers stay inert
            rows = conn.execute("SELECT hnum, blob FROM Packages")
            while batch := rows.fetchmany(256):
                for hnum, blob in batch:
                    if not isinstance(blob, bytes):
                        yield Error(path, f"RPM header {hnum} is not a blob", hnum)
                        continue
                    yield hnum, blob
        except sqlite3.DatabaseError as exc:
            yield Error(path, f"RPM database could not be read ({exc}): installed packages unknown")
        finally:
            conn.close()


def copy_sqlite(evidence: Evidence, path: str, folder: str) -> str:
    """An SQLite database of the image and its write-ahead log, copied through the door into ``folder``
    (sqlite cannot replay a WAL on a read-only original); returns the copy's path."""
    copy = os.path.join(folder, os.path.basename(path) or "db.sqlite")
    copy_out(evidence, path, copy)
    if evidence.is_file(path + "-wal"):
        copy_out(evidence, path + "-wal", copy + "-wal")
    return copy


def copy_out(evidence: Evidence, path: str, dest: str) -> None:
    """A file of the image copied through the door to a private path (at most MAX_RPMDB bytes)."""
    left = MAX_RPMDB
    with evidence.open(path) as src, open(dest, "wb") as out:
        while chunk := src.read(1 << 20):
            left -= len(chunk)
            if left < 0:
                raise EvidenceError(path, f"larger than {MAX_RPMDB >> 20} MiB: not read")
            out.write(chunk)


def _file_headers(evidence: Evidence, path: str, reader: Any, form: str) -> Iterator[tuple[int, bytes] | Error]:
    try:
        fh = evidence.open(path)
    except EvidenceError as exc:
        yield Error.of(exc)
        return
    with fh:
        try:
            for item in reader(fh, os.fstat(fh.fileno()).st_size):
                if isinstance(item, BadRecord):
                    yield Error(path, f"{form} record unreadable: {item.what}")
                else:
                    yield item
        except BdbError as exc:
            yield Error(path, f"RPM database ({form}) could not be read ({exc}): installed packages unknown")
        except OSError as exc:
            yield Error(path, f"RPM database read failed ({exc})")


