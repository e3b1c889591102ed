"""packages: installed packages, their install history, and whether the files
they installed are still the files on disk.

A trojaned /usr/bin/ps or a patched pam_unix.so looks like any other system
file; only the package's own checksums tell it apart. Every file listed in
/var/lib/dpkg/info/*.md5sums (and the Conffiles of dpkg's status file) is
compared with the md5 the files inventory computed (ctx.query on `files`, so
it runs after that collector). The image's own package database is used,
never the analyst's (`dpkg -V` on the analyst box checks the wrong machine).
Conffiles are reported apart: admins edit them. Files in system binary and
library folders that no package owns are listed too. dpkg.log and apt's
history.log (rotated and .gz ones included) say what was installed when;
RPM databases in SQLite form are read where present, and a package database
that cannot be read is said so plainly.
"""

from __future__ import annotations

import re
import sqlite3
import struct
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from triage import imagefacts
from triage.evidence import Evidence, EvidenceError
from triage.runner import Context, Error
from triage.sysparse import flags_json, path_aliases, read_lines
from triage.text import display
from triage.times import iso

TABLES = ("packages", "package_events", "package_files", "package_integrity")
ORDER = 20
MAX_LOG = 512 << 20
MAX_RPMDB = 512 << 20
SYSTEM_BIN = ("/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/")
SYSTEM_LIB = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/lib32/", "/usr/lib32/")
ELF_MIMES = ("application/x-sharedlib", "application/x-executable", "application/x-pie-executable",
             "application/x-object", "application/x-elf")
_MD5 = re.compile(r"^[0-9a-f]{32}$")


def collect(evidence: Evidence, ctx: Context) -> Iterator[Any]:
    dpkg = evidence.is_file("/var/lib/dpkg/status")
    conffiles: dict[str, tuple[str, str]] = {}
    if dpkg:
        yield from _status(evidence, conffiles)
        yield from _dpkg_logs(evidence)
        yield from _apt_history(evidence)
        yield from _integrity(evidence, ctx, conffiles)
    elif evidence.is_dir("/var/lib/dpkg"):
        yield Error("/var/lib/dpkg/status", "dpkg database present but its status file is missing: "
                    "installed packages and file checksums cannot be read")
    yield from _rpm(evidence)


# -- dpkg status ------------------------------------------------------------------
def _stanzas(evidence: Evidence, path: str) -> Iterator[tuple[int, dict[str, str]] | Error]:
    fields: dict[str, str] = {}
    start, key = 0, None
    for item in read_lines(evidence, path):
        if isinstance(item, Error):
            yield item
            return
        number, line = item
        if not line.strip():
            if fields:
                yield start, fields
            fields, key = {}, None
            continue
        if not fields:
            start = number
        if line[0] in " \t" and key:
            fields[key] += "\n" + line
        elif ":" in line:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
        else:
            yield Error(path, f"not a control field: {display(line[:100])}", number)
    if fields:
        yield start, fields


def _status(evidence: Evidence, conffiles: dict[str, tuple[str, str]]) -> Iterator[Any]:
    path = "/var/lib/dpkg/status"
    for item in _stanzas(evidence, path):
        if isinstance(item, Error):
            yield item
            continue
        number, f = item
        name = f.get("Package")
        if not name:
            yield Error(path, "stanza without a Package field", number)
            continue
        yield "packages", {"source": path, "line": number, "name": display(name),
                           "version": display(f.get("Version")), "arch": display(f.get("Architecture")),
                           "status": display(f.get("Status")), "format": "dpkg"}
        for cl in f.get("Conffiles", "").splitlines():
            parts = cl.split()
            if len(parts) >= 2 and parts[0].startswith("/") and not {"obsolete", "remove-on-upgrade"} & set(parts[2:]):
                conffiles[parts[0]] = (name, parts[1])


# -- history logs ---------------------------------------------------------------
def _local(text: str, tz: Any) -> str | None:
    try:
        dt = datetime.strptime(re.sub(r"\s+", " ", text.strip()), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return iso(dt.replace(tzinfo=tz)) if tz is not None else None


def _rotated(evidence: Evidence, pattern: str) -> list[str]:
    def order(p: str) -> int:
        m = re.search(r"\.(\d+)(?:\.gz)?$", p)
        return -int(m.group(1)) if m else 0
    return sorted(evidence.glob(pattern), key=order)


_DPKG_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) (install|upgrade|remove|purge|trigproc|configure) "
                        r"(\S+) (\S+) (\S+)$")


def _dpkg_logs(evidence: Evidence) -> Iterator[Any]:
    tz = imagefacts.tzinfo(evidence)
    for path in _rotated(evidence, "/var/log/dpkg.log*"):
        for item in read_lines(evidence, path, decompress=True, max_output=MAX_LOG):
            if isinstance(item, Error):
                yield item
                break
            number, line = item
            m = _DPKG_LINE.match(line)
            if not m or m.group(2) in ("trigproc", "configure"):
                continue
            when, action, pkg, old, new = m.groups()
            yield "package_events", {"source": display(path), "line": number, "time": _local(when, tz),
                                     "action": action, "name": display(pkg.split(":")[0]),
                                     "version": display(new if new != "<none>" else old),
                                     "detail": display(f"{when} local; from {old}")}


def _split_packages(text: str) -> list[tuple[str, str]]:
    """'a:amd64 (1.0, automatic), b (1.0, 1.1)' -> [(name, versions)]."""
    out = []
    for m in re.finditer(r"([^\s,()]+) \(([^)]*)\)", text):
        out.append((m.group(1).split(":")[0], m.group(2)))
    return out


def _apt_history(evidence: Evidence) -> Iterator[Any]:
    tz = imagefacts.tzinfo(evidence)
    for path in _rotated(evidence, "/var/log/apt/history.log*"):
        try:
            stanzas = list(_stanzas_stream(evidence, path))
        except EvidenceError as exc:
            yield Error.of(exc)
            continue
        for number, f in stanzas:
            when = _local(f.get("Start-Date", ""), tz)
            who = f.get("Requested-By", "")
            cmd = f.get("Commandline", "")
            detail = display(f"{cmd}" + (f" (by {who})" if who else ""))
            if cmd:
                yield "package_events", {"source": display(path), "line": number, "time": when,
                                         "action": "command", "name": None, "version": None, "detail": detail}
            for action in ("Install", "Upgrade", "Downgrade", "Remove", "Purge", "Reinstall"):
                for name, versions in _split_packages(f.get(action, "")):
                    yield "package_events", {"source": display(path), "line": number, "time": when,
                                             "action": action.lower(), "name": display(name),
                                             "version": display(versions.split(",")[-1].strip()
                                                                if action in ("Upgrade", "Downgrade")
                                                                else versions.split(",")[0].strip()),
                                             "detail": detail}


def _stanzas_stream(evidence: Evidence, path: str) -> Iterator[tuple[int, dict[str, str]]]:
    fields: dict[str, str] = {}
    start = 0
    for number, line in evidence.lines(path, decompress=True, max_output=MAX_LOG):
        if not line.strip():
            if fields:
                yield start, fields
            fields = {}
            continue
        if not fields:
            start = number
        key, _, value = line.partition(": ")
        fields[key.strip()] = value.strip()
    if fields:
        yield start, fields


# -- integrity ---------------------------------------------------------------------
def _md5sums(evidence: Evidence) -> Iterator[tuple[str, str, str] | Error]:
    """(package, image path, md5) from every *.md5sums file; odd lines -> Error."""
    info = "/var/lib/dpkg/info"
    try:
        names = evidence.listdir(info)
    except EvidenceError as exc:
        yield Error.of(exc)
        return
    for name in names:
        if not name.endswith(".md5sums"):
            continue
        pkg = name[: -len(".md5sums")].split(":")[0]
        path = f"{info}/{name}"
        try:
            for number, raw in evidence.raw_lines(path):
                digest, sep, rel = raw.partition(b"  ")
                text_digest = digest.decode("ascii", "replace").lower()
                if not sep or not _MD5.match(text_digest) or not rel:
                    yield Error(path, f"not an md5sums line: {display(raw[:100])}", number)
                    continue
                yield pkg, "/" + rel.decode("utf-8", "surrogateescape").lstrip("/"), text_digest
        except EvidenceError as exc:
            yield Error.of(exc)


def _inventory(ctx: Context) -> dict[str, tuple[str | None, str]]:
    """image path -> (md5, type) from the files collector's rows."""
    import os

    out: dict[str, tuple[str | None, str]] = {}
    try:
        rows = ctx.db.execute("SELECT path_raw, md5, type FROM files")
    except sqlite3.DatabaseError:
        return out
    for path_raw, md5, kind in rows:
        out[os.fsdecode(path_raw)] = (md5, kind)
    return out


def _integrity(evidence: Evidence, ctx: Context, conffiles: dict[str, tuple[str, str]]) -> Iterator[Any]:
    inventory = _inventory(ctx)
    if not inventory:
        yield Error(None, "no files inventory in this case: package files not verified "
                    "(run the files collector first)")
    entries: list[tuple[str, str, str, int]] = []
    for item in _md5sums(evidence):
        if isinstance(item, Error):
            yield item
        elif item[1] not in conffiles:
            entries.append((*item, 0))
    entries += [(pkg, path, digest, 1) for path, (pkg, digest) in conffiles.items()]
    diverted = _diversions(evidence)
    for pkg, path, digest, conf in entries:
        yield "package_files", {"package": display(pkg), "path": display(path), "md5": digest, "conffile": conf}
        if not inventory:
            continue
        where = path
        if path in diverted and diverted[path][1] != pkg:
            where = diverted[path][0]  # dpkg put this package's copy under another name
        status, actual = _check(evidence, inventory, where, digest)
        if status == "ok":
            continue
        flags = []
        if status == "changed" and not conf:
            flags.append(f"file differs from what package {pkg} installed")
            if path.startswith(SYSTEM_BIN) or "/security/" in path or re.search(r"/lib[^/]*\.so", path):
                flags.append("a system binary or library replaced (trojan?)")
        elif status == "changed":
            flags.append("configuration file edited since install")
        yield "package_integrity", {"path": display(where), "package": display(pkg), "status": status,
                                    "expected_md5": digest, "actual_md5": actual, "conffile": conf,
                                    "flags": flags_json(flags)}
    if inventory:
        yield from _missing_listed(evidence, inventory, {e[1] for e in entries}, diverted)
        yield from _unowned(evidence, ctx, inventory)


def _missing_listed(evidence: Evidence, inventory: dict[str, tuple[str | None, str]], checked: set[str],
                    diverted: dict[str, tuple[str, str]]) -> Iterator[Any]:
    """Paths a package's .list names (folders and links too) that are gone, as dpkg --verify says."""
    from triage.sysparse import packages

    for path, pkg in packages(evidence).owner.items():
        if path in checked:
            continue
        where = diverted[path][0] if path in diverted and diverted[path][1] != pkg else path
        if any(a in inventory for a in path_aliases(where)):
            continue
        try:
            evidence.lstat(where)
            continue
        except EvidenceError:
            pass
        yield "package_integrity", {"path": display(where), "package": display(pkg), "status": "missing",
                                    "expected_md5": None, "actual_md5": None, "conffile": 0, "flags": "[]"}


def _diversions(evidence: Evidence) -> dict[str, tuple[str, str]]:
    """diverted path -> (where it went, the package allowed to keep the original name)."""
    out: dict[str, tuple[str, str]] = {}
    try:
        lines = [line for _, line in evidence.lines("/var/lib/dpkg/diversions")]
    except EvidenceError:
        return out
    for i in range(0, len(lines) - 2, 3):
        out[lines[i]] = (lines[i + 1], lines[i + 2])
    return out


def _check(evidence: Evidence, inventory: dict[str, tuple[str | None, str]], path: str,
           digest: str) -> tuple[str, str | None]:
    """ok / changed / missing / not inventoried, and the md5 found."""
    candidates = list(path_aliases(path))
    try:
        resolved = evidence.resolve(path)
        if resolved not in candidates:
            candidates.append(resolved)
    except EvidenceError:
        return "missing", None
    for c in candidates:
        hit = inventory.get(c)
        if hit is not None:
            md5, kind = hit
            if kind != "file":
                continue
            if md5 is None:
                return "unreadable", None
            return ("ok" if md5 == digest else "changed"), md5
    if not evidence.exists(path):
        return "missing", None
    return "not inventoried", None


def _unowned(evidence: Evidence, ctx: Context, inventory: dict[str, tuple[str | None, str]]) -> Iterator[Any]:
    """Executables and shared objects in system folders that no package lists."""
    from triage.sysparse import packages

    pk = packages(evidence)
    if not pk.owner:
        return
    diverted_to = {to for to, _pkg in _diversions(evidence).values()}
    rows = ctx.db.execute("SELECT path, mime FROM files WHERE type = 'file' AND ("
                          + " OR ".join("path LIKE ?" for _ in SYSTEM_BIN + SYSTEM_LIB) + ")",
                          [p + "%" for p in SYSTEM_BIN + SYSTEM_LIB])
    for path, mime in rows:
        if pk.owner_of(path) is not None or path in diverted_to:
            continue
        in_bin = path.startswith(SYSTEM_BIN)
        if not in_bin and (mime or "") not in ELF_MIMES:
            continue
        if not in_bin and re.search(r"/(?:python\d[.\d]*|perl\d?|node_modules|ruby)/", path):
            continue  # language packages installed by pip/cpan/npm: listed by their own tools
        yield "package_integrity", {"path": path, "package": None, "status": "unowned", "expected_md5": None,
                                    "actual_md5": inventory.get(path, (None, ""))[0], "conffile": 0,
                                    "flags": flags_json(["in a system folder but no package owns it"])}


# -- RPM ---------------------------------------------------------------------------
RPM_TAGS = {1000: "name", 1001: "version", 1002: "release", 1003: "epoch", 1022: "arch", 1008: "installtime"}


def rpm_header(blob: bytes) -> dict[str, Any]:
    """Name, version, release, epoch, arch, install time from an RPM header blob."""
    count, size = struct.unpack_from(">II", blob, 0)
    if count > 100_000 or 8 + count * 16 + size > len(blob):
        raise ValueError("header sizes beyond the blob")
    data = 8 + count * 16
    out: dict[str, Any] = {}
    for i in range(count):
        tag, kind, offset, n = struct.unpack_from(">iiii", blob, 8 + i * 16)
        name = RPM_TAGS.get(tag)
        if name is None:
            continue
        if kind == 6:  # STRING
            end = blob.index(b"\0", data + offset)
            out[name] = blob[data + offset:end].decode("utf-8", "replace")
        elif kind == 4:  # INT32
            out[name] = struct.unpack_from(">i", blob, data + offset)[0]
    return out


def _rpm(evidence: Evidence) -> Iterator[Any]:
    for path in ("/var/lib/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/rpmdb.sqlite"):
        if not evidence.is_file(path):
            continue
        try:
            data = evidence.read_bytes(path, MAX_RPMDB)
        except EvidenceError as exc:
            yield Error.of(exc)
            continue
        conn = sqlite3.connect(":memory:")
        try:
            conn.deserialize(data)
            rows = conn.execute("SELECT hnum, blob FROM Packages").fetchall()
        except sqlite3.DatabaseError as exc:
            yield Error(path, f"RPM database could not be read ({exc}): installed packages unknown")
            continue
        finally:
            conn.close()
        for hnum, blob in rows:
            try:
                h = rpm_header(bytes(blob))
            except (ValueError, struct.error) as exc:
                yield Error(path, f"RPM header {hnum} unreadable: {exc}", hnum)
                continue
            version = f"{h.get('version', '')}-{h.get('release', '')}"
            if h.get("epoch"):
                version = f"{h['epoch']}:{version}"
            yield "packages", {"source": path, "line": hnum, "name": display(h.get("name")),
                               "version": display(version), "arch": display(h.get("arch")),
                               "status": "installed", "format": "rpm"}
    for path in ("/var/lib/rpm/Packages", "/var/lib/rpm/Packages.db"):
        if evidence.is_file(path):
            yield Error(path, "RPM database in Berkeley DB/NDB form: not read by triage; installed packages and "
                        "file checksums of this system are unknown here (rpm --dbpath on a copy can read it)")
