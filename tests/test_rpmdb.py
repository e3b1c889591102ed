"""triage.rpmdb on real and damaged Berkeley DB Packages files: a real file (rpmbuild, rpm,
db5.3_load) reads back the exact header blobs rpm stored; damaged copies (truncated, overflow
chain looping or leaving the file, garbage pages, wild offsets) give error records naming the
page, the undamaged records still come out, and nothing hangs."""

from __future__ import annotations

import io
import os
import struct
from pathlib import Path

import pytest

from tests.collectors import rpmreal
from triage.rpmdb import BadRecord, BdbError, HashDB, header_tags, packages_bdb, packages_ndb, parse_package

PAGE = 1024


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> tuple[list[tuple[int, bytes]], bytes]:
    """The header blobs rpm stored for two real packages, and a real little-endian Packages file of them."""
    rpmreal.need_tools()
    work = tmp_path_factory.mktemp("rpmdb")
    root = work / "root"
    root.mkdir()
    rpmreal.install(root, rpmreal.build_rpms(work))
    blobs = rpmreal.header_blobs(root / "var/lib/rpm/rpmdb.sqlite")
    packages = rpmreal.write_bdb(work / "Packages", blobs, pagesize=PAGE)
    return blobs, packages.read_bytes()


def _read(data: bytes) -> tuple[dict[int, bytes], list[BadRecord]]:
    good, bad = {}, []
    for item in packages_bdb(io.BytesIO(data), len(data)):
        if isinstance(item, BadRecord):
            bad.append(item)
        else:
            good[item[0]] = item[1]
    return good, bad


def _pages(data: bytes) -> list[bytes]:
    return [data[i:i + PAGE] for i in range(0, len(data), PAGE)]


def _chain_start(data: bytes, blob: bytes) -> int:
    """The first overflow page of the record holding ``blob``."""
    for pgno, page in enumerate(_pages(data)):
        if page[25] == 7 and page[26:26 + 32] == blob[:32]:
            return pgno
    raise AssertionError("no overflow page starts this header")


def _patch(data: bytes, offset: int, raw: bytes) -> bytes:
    return data[:offset] + raw + data[offset + len(raw):]


def test_real_file_reads_back_what_rpm_stored_in_both_byte_orders(real, tmp_path):
    blobs, data = real
    assert max(len(b) for _, b in blobs) > PAGE  # the headers really span overflow chains
    good, bad = _read(data)
    assert good == dict(blobs) and bad == []
    big = rpmreal.write_bdb(tmp_path / "Packages", blobs, big_endian=True).read_bytes()
    assert struct.unpack_from(">I", big, 12)[0] == 0x061561
    good, bad = _read(big)
    assert good == dict(blobs) and bad == []
    assert {parse_package(b).name for b in good.values()} == {"demo-tool", "libdemo"}


def test_page_sizes_from_the_meta_page(real, tmp_path):
    blobs, _ = real
    for size in (512, 4096, 65536):
        data = rpmreal.write_bdb(tmp_path / "Packages", blobs, pagesize=size).read_bytes()
        assert HashDB(io.BytesIO(data), len(data)).pagesize == size
        assert _read(data) == (dict(blobs), [])


def test_overflow_chain_looping_or_leaving_the_file_spoils_one_record(real):
    blobs, data = real
    (victim, blob), (other, other_blob) = blobs
    start = _chain_start(data, blob)
    for target, words in ((start, "loops back to page"), (60_000, "beyond the file")):
        good, bad = _read(_patch(data, start * PAGE + 16, struct.pack("<I", target)))
        assert good == {other: other_blob}
        assert len(bad) == 1 and words in bad[0].what and f"hash page {bad[0].page}" in bad[0].what


def test_garbage_pages_and_wild_offsets(real):
    blobs, data = real
    (victim, blob), (other, other_blob) = blobs
    start = _chain_start(data, blob)
    noise = os.urandom(PAGE)
    good, bad = _read(_patch(data, start * PAGE, noise[:25] + b"\x05" + noise[26:]))
    assert good == {other: other_blob}
    assert "not an overflow page" in bad[0].what
    hash_pages = [n for n, p in enumerate(_pages(data)) if p[25] == 13 and struct.unpack_from("<H", p, 20)[0]]
    # a hash page turned to garbage: its records are lost and said so, no hang, no exception
    smashed = data
    for n in hash_pages:
        smashed = _patch(smashed, n * PAGE, os.urandom(25) + b"\x63" + os.urandom(PAGE - 26))
    good, bad = _read(smashed)
    assert good == {} and sorted(b.page for b in bad) == hash_pages
    assert all("type 99" in b.what for b in bad)
    # item offsets pointing outside the page
    page = hash_pages[0]
    good, bad = _read(_patch(data, page * PAGE + 26, b"\xff\xff\xff\xff"))
    assert any("outside the page" in b.what and b.page == page for b in bad)
    # an off-page reference to a page past the end, and one claiming gigabytes
    n = struct.unpack_from("<H", data, page * PAGE + 20)[0]
    refs = [o for o in struct.unpack_from(f"<{n}H", data, page * PAGE + 26) if data[page * PAGE + o] == 3]
    assert refs
    for raw, words in ((struct.pack("<I", 99_999), "beyond the file"), (None, "limit")):
        where = page * PAGE + refs[0] + (4 if raw else 8)
        good, bad = _read(_patch(data, where, raw or struct.pack("<I", 0xFFFFFFF0)))
        assert any(words in b.what for b in bad), bad
        assert len(good) == len(blobs) - 1


def test_truncated_file_says_so_and_keeps_what_is_there(real):
    blobs, data = real
    for cut in (len(data) - PAGE // 2, len(data) // 2, 600):
        good, bad = _read(data[:cut])
        assert any("truncated" in b.what for b in bad)
        assert set(good.items()) <= set(blobs)
    with pytest.raises(BdbError):
        HashDB(io.BytesIO(data[:100]), 100)
    with pytest.raises(BdbError):
        HashDB(io.BytesIO(os.urandom(4096)), 4096)


def test_header_entries_pointing_outside_the_blob(real):
    blobs, _ = real
    blob = blobs[0][1]
    count = struct.unpack_from(">I", blob, 0)[0]
    for i in range(count):
        tag = struct.unpack_from(">i", blob, 8 + i * 16)[0]
        if tag == 1117:  # BASENAMES: claim a billion names
            bad = _patch(blob, 8 + i * 16 + 12, struct.pack(">i", 1 << 30))
            with pytest.raises(ValueError, match="cannot fit"):
                header_tags(bad)
            bad = _patch(blob, 8 + i * 16 + 8, struct.pack(">i", -5))
            with pytest.raises(ValueError, match="outside the data"):
                header_tags(bad)
            break
    else:
        raise AssertionError("no BASENAMES tag")
    with pytest.raises(ValueError):
        header_tags(blob[: len(blob) // 2])


def test_damaged_packages_file_in_an_image_gives_error_rows_and_the_run_completes(real, tree, run_collect):
    blobs, data = real
    (victim, blob), (other, _) = blobs
    start = _chain_start(data, blob)
    root = tree({"/var/lib/rpm/Packages": _patch(data, start * PAGE + 16, struct.pack("<I", start))})
    db = run_collect(root, only=["packages"])
    assert [r["name"] for r in db["packages"].rows] == [parse_package(dict(blobs)[other]).name]
    whats = [e["what"] for e in db["errors"].rows if e["path"] == "/var/lib/rpm/Packages"]
    assert len(whats) == 1 and "loops back" in whats[0] and "hash page" in whats[0]
    root = tree({"/var/lib/rpm/Packages": b"\x00" * 512 + Path(__file__).read_bytes()[:100]})
    db = run_collect(root, only=["packages"])
    assert any("could not be read" in e["what"] for e in db["errors"].rows)


def _encode(entries: list[tuple[int, int, list]]) -> bytes:
    """An RPM header blob from (tag, type, values), as rpm lays one out (big-endian, aligned)."""
    sizes = {3: ">H", 4: ">I"}
    index, data = b"", b""
    for tag, kind, values in entries:
        if kind in sizes:
            width = struct.calcsize(sizes[kind])
            data += bytes(-len(data) % width)
            raw = b"".join(struct.pack(sizes[kind], v) for v in values)
        else:
            raw = b"".join(v.encode() + b"\0" for v in values)
        index += struct.pack(">iiii", tag, kind, len(data), len(values) if kind != 6 else 1)
        data += raw
    return struct.pack(">II", len(entries), len(data)) + index + data


def test_old_headers_with_full_file_names():
    """rpm < 4.1 kept OLDFILENAMES and md5 digests with no FILEDIGESTALGO (RHEL 2.1/3-era systems)."""
    blob = _encode([(1000, 6, ["bash"]), (1001, 6, ["2.05"]), (1002, 6, ["8"]), (1022, 6, ["i386"]),
                    (1008, 4, [1049000000]), (1027, 8, ["/bin/bash", "/etc/skel/.bashrc", "/usr/share/doc/bash"]),
                    (1030, 3, [0o100755, 0o100644, 0o040755]),
                    (1035, 8, ["0" * 31 + "1", "f" * 32, ""]), (1037, 4, [0, 1, 2])])
    pkg = parse_package(blob)
    assert (pkg.name, pkg.evr, pkg.arch, pkg.installtime, pkg.digest_algo) == ("bash", "2.05-8", "i386",
                                                                               1049000000, "md5")
    assert [(f.path, f.digest, f.mode, f.flags) for f in pkg.files] == [
        ("/bin/bash", "0" * 31 + "1", 0o100755, 0), ("/etc/skel/.bashrc", "f" * 32, 0o100644, 1),
        ("/usr/share/doc/bash", "", 0o040755, 2)]
    short = _encode([(1000, 6, ["x"]), (1027, 8, ["/a", "/b"]), (1030, 3, [0o100644])])
    assert parse_package(short).file_error == "2 files but 1 modes"


def _read_ndb(data: bytes) -> tuple[dict[int, bytes], list[BadRecord]]:
    good, bad = {}, []
    for item in packages_ndb(io.BytesIO(data), len(data)):
        if isinstance(item, BadRecord):
            bad.append(item)
        else:
            good[item[0]] = item[1]
    return good, bad


def test_ndb_reads_back_and_survives_damage(real, tmp_path):
    blobs, _ = real
    data = rpmreal.write_ndb(tmp_path / "Packages.db", blobs).read_bytes()
    assert _read_ndb(data) == (dict(blobs), [])
    (first, first_blob), (other, other_blob) = blobs
    # a byte of the first blob altered: its checksum says so, the other package still reads
    at = 4096 + 16 + 100
    good, bad = _read_ndb(_patch(data, at, bytes([data[at] ^ 0xFF])))
    assert good == {other: other_blob} and "adler32" in bad[0].what and "slot 2 " in bad[0].what
    # a slot sent past the end of the file, and a slot page scribbled on
    good, bad = _read_ndb(_patch(data, 2 * 16 + 8, struct.pack("<I", 1 << 30)))
    assert good == {other: other_blob} and "outside the data area" in bad[0].what
    good, bad = _read_ndb(_patch(data, 3 * 16, b"XXXX"))
    assert good == {first: first_blob} and "no slot magic" in bad[0].what
    # cut short: the blob the cut reaches is reported, no exception, no hang
    good, bad = _read_ndb(data[: len(data) - 40])
    assert good == {first: first_blob} and len(bad) == 1
    for broken in (b"", data[:20], b"RpmP" + struct.pack("<IIII", 0, 1, 99, 1) + bytes(12), b"XXXX" + data[4:]):
        with pytest.raises(BdbError):
            packages_ndb(io.BytesIO(broken), len(broken)).__next__()
