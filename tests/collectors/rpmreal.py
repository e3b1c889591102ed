"""Real RPM databases for tests: two tiny packages built with rpmbuild, installed
with rpm into an image tree (rpmdb.sqlite, what Debian's rpm writes), and the
same header blobs loaded into a real Berkeley DB hash file with db5.3_load, as
RHEL/CentOS <= 8 keep /var/lib/rpm/Packages. rpm itself is the oracle.

Debian's rpm cannot write SUSE's NDB Packages.db, so `write_ndb` lays the real
blobs out the way rpm's lib/backend/ndb/rpmpkg.c writes them (rpmpkgWriteBlob,
rpmpkgWriteslot, rpmpkgWriteHeader): the container is ours, the headers rpm's."""

from __future__ import annotations

import shutil
import sqlite3
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

TOOLS = {"rpm": "rpm", "rpmbuild": "rpm", "db5.3_load": "db5.3-util"}

DEMO_SPEC = r"""
Name: demo-tool
Version: 1.2
Release: 3.el7
Epoch: 2
Summary: demo tool
License: MIT
BuildArch: noarch
%description
A demo.
%install
mkdir -p %{buildroot}/usr/bin %{buildroot}/etc/demo %{buildroot}/usr/share/doc/demo %{buildroot}/var/lib/demo
mkdir -p %{buildroot}/usr/lib/systemd/system
printf '[Service]\nExecStart=/usr/bin/demo\n' > %{buildroot}/usr/lib/systemd/system/demo.service
printf '[Service]\nExecStart=/usr/bin/demo-helper\n' > %{buildroot}/usr/lib/systemd/system/demo-helper.service
printf '#!/bin/sh\necho demo\n' > %{buildroot}/usr/bin/demo
printf '#!/bin/sh\necho helper\n' > %{buildroot}/usr/bin/demo-helper
chmod 755 %{buildroot}/usr/bin/demo %{buildroot}/usr/bin/demo-helper
printf 'key=value\n' > %{buildroot}/etc/demo/demo.conf
printf 'optional\n' > %{buildroot}/etc/demo/optional.conf
printf 'readme\n' > %{buildroot}/usr/share/doc/demo/README
ln -s demo %{buildroot}/usr/bin/demo-link
%files
/usr/bin/demo
/usr/bin/demo-helper
/usr/bin/demo-link
/usr/lib/systemd/system/demo.service
/usr/lib/systemd/system/demo-helper.service
%config(noreplace) /etc/demo/demo.conf
%config(missingok) /etc/demo/optional.conf
%dir /var/lib/demo
%ghost /var/lib/demo/state
/usr/share/doc/demo/README
"""

LIB_SPEC = r"""
Name: libdemo
Version: 0.9
Release: 1
Summary: demo library
License: MIT
BuildArch: noarch
%description
A demo library.
%install
mkdir -p %{buildroot}/usr/lib64 %{buildroot}/usr/sbin %{buildroot}/etc
printf '\177ELF demo library\n' > %{buildroot}/usr/lib64/libdemo.so.1
printf '#!/bin/sh\necho demod\n' > %{buildroot}/usr/sbin/demod
chmod 755 %{buildroot}/usr/sbin/demod
printf 'lib=1\n' > %{buildroot}/etc/libdemo.conf
%files
/usr/lib64/libdemo.so.1
/usr/sbin/demod
%config /etc/libdemo.conf
"""


def need_tools() -> None:
    missing = sorted({pkg for tool, pkg in TOOLS.items() if not shutil.which(tool)})
    if missing:
        reason = f"Debian packages {', '.join(missing)} not installed; `make tools` installs them"
        print(f"rpm tests skipped: {reason}")
        pytest.skip(reason)


def build_rpms(work: Path) -> list[Path]:
    """demo-tool (sha256 file digests, rpm's default) and libdemo (md5 digests, as on CentOS 5)."""
    out = []
    for name, spec, algo in (("demo-tool", DEMO_SPEC, "8"), ("libdemo", LIB_SPEC, "1")):
        (work / f"{name}.spec").write_text(spec)
        done = subprocess.run(["rpmbuild", "-bb", "--define", f"_topdir {work / 'top'}",
                               "--define", "debug_package %{nil}", "--define", f"_binary_filedigest_algorithm {algo}",
                               str(work / f"{name}.spec")], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        out += sorted((work / "top" / "RPMS").rglob(f"{name}-*.rpm"))
    return out


def rpm(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["rpm", "--root", str(root), "--dbpath", "/var/lib/rpm", *args],
                          capture_output=True, text=True)


def install(root: Path, rpms: list[Path]) -> None:
    done = rpm(root, "--nodeps", "--noscripts", "-i", *map(str, rpms))
    assert done.returncode == 0, done.stderr


def header_blobs(sqlite_db: Path) -> list[tuple[int, bytes]]:
    conn = sqlite3.connect(f"file:{sqlite_db}?mode=ro", uri=True)
    try:
        return [(h, bytes(b)) for h, b in conn.execute("SELECT hnum, blob FROM Packages ORDER BY hnum")]
    finally:
        conn.close()


def write_bdb(dest: Path, blobs: list[tuple[int, bytes]], big_endian: bool = False, pagesize: int = 1024) -> Path:
    """A real Berkeley DB hash file as rpm's Packages: keys are header numbers in the file's byte
    order, key 0 holds the next free number (as rpm's bdb backend kept it)."""
    order = ">" if big_endian else "<"
    dump = dest.with_suffix(".dump")
    lines = ["VERSION=3", "format=bytevalue", "type=hash", f"db_pagesize={pagesize}",
             f"db_lorder={4321 if big_endian else 1234}", "HEADER=END"]
    for hnum, blob in [(0, struct.pack(order + "I", max(h for h, _ in blobs) + 1)), *blobs]:
        lines += [" " + struct.pack(order + "I", hnum).hex(), " " + blob.hex()]
    dump.write_text("\n".join(lines + ["DATA=END"]) + "\n")
    dest.unlink(missing_ok=True)
    done = subprocess.run(["db5.3_load", "-f", str(dump), str(dest)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    dump.unlink()
    return dest


def bdb_query(dbdir: Path, *args: str) -> subprocess.CompletedProcess:
    """rpm's own read-only Berkeley DB backend on a folder holding a Packages file."""
    return subprocess.run(["rpm", "--define", "_db_backend bdb_ro", "--dbpath", str(dbdir), *args],
                          capture_output=True, text=True)


def write_ndb(dest: Path, blobs: list[tuple[int, bytes]]) -> Path:
    """An NDB Packages.db holding ``blobs`` (one slot page; blobs from block 256 on)."""
    page = bytearray(4096)
    data = bytearray()
    next_idx = max(h for h, _ in blobs) + 1
    struct.pack_into("<4sIIII", page, 0, b"RpmP", 0, 1 + len(blobs), 1, next_idx)
    for slotno in range(2, 256):
        struct.pack_into("<4s", page, slotno * 16, b"Slot")
    for slotno, (pkgidx, blob) in enumerate(blobs, 2):
        body = struct.pack("<4sIII", b"BlbS", pkgidx, 1700000000, len(blob)) + blob
        body += bytes(-(len(body) + 12) % 16)
        body += struct.pack("<II4s", zlib.adler32(body), len(blob), b"BlbE")
        struct.pack_into("<4sIII", page, slotno * 16, b"Slot", pkgidx, 256 + len(data) // 16, len(body) // 16)
        data += body
    dest.write_bytes(bytes(page) + bytes(data))
    return dest
