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
history.log (rotated and .gz ones included) say what was installed when.
RPM systems get the same: rpmdb.sqlite (RHEL 9, Fedora; its write-ahead
log included), the Berkeley DB Packages file of RHEL/CentOS <= 8 and SUSE's
NDB Packages.db (read by triage.rpmdb, never by the image's rpm) give the
packages, their install times and every file with its md5 or sha256, checked
the way `rpm -V` checks content (config files apart, %ghost files and files
never installed left out); yum.log (year-less lines dated by the file's
mtime), dnf.rpm.log and dnf.log's command lines give the yum/dnf history, and
the history databases (dnf's history.sqlite, dnf5's transaction_history.sqlite,
yum's history-*.sqlite) keep every transaction's time, user and command line
long after the logs have rotated away. A package database that cannot be read
is said so plainly.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import struct
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

from triage import imagefacts, rpmdb
from triage.evidence import Evidence, EvidenceError
from triage.runner import Context, Error
from triage.sysparse import flags_json, path_aliases, read_lines
from triage.text import display
from triage.times import iso

TABLES = ("packages", "package_events", "package_files", "package_integrity")
ORDER = 20
MAX_LOG = 512 << 20
SYSTEM_BIN = ("/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/")
SYSTEM_LIB = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/lib32/", "/usr/lib32/")
ELF_MIMES = ("application/x-sharedlib", "application/x-executable", "application/x-pie-executable",
             "application/x-object", "application/x-elf")
_MD5 = re.compile(r"^[0-9a-f]{32}$")


def collect(evidence: Evidence, ctx: Context) -> Iterator[Any]:
    dpkg = evidence.is_file("/var/lib/dpkg/status")
    conffiles: dict[str, tuple[str, str]] = {}
    inventory = _Inventory(ctx.db)
    rpm_owned: set[str] = set()
    rpm_found = bool(rpmdb.databases(evidence))
    if (dpkg or rpm_found) and not inventory:
        yield Error(None, "no files inventory in this case: package files not verified "
                    "(run the files collector first)")
    if dpkg:
        yield from _status(evidence, conffiles)
        yield from _dpkg_logs(evidence)
        yield from _apt_history(evidence)
        yield from _integrity(evidence, inventory, conffiles)
    elif evidence.is_dir("/var/lib/dpkg"):
        yield Error("/var/lib/dpkg/status", "dpkg database present but its status file is missing: "
                    "installed packages and file checksums cannot be read")
    yield from _rpm(evidence, inventory, rpm_owned)
    yield from _rpm_logs(evidence)
    yield from _history_dbs(evidence)
    if inventory:
        yield from _unowned(evidence, ctx, inventory, rpm_owned)


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
    for item in _log_lines(evidence, "/var/log/dpkg.log*"):
        if isinstance(item, Error):
            yield item
            continue
        path, number, line = item
        m = _DPKG_LINE.match(line)
        if not m or m.group(2) in ("trigproc", "configure"):
            continue
        when, action, pkg, old, new = m.groups()
        yield "package_events", {"source": display(path), "line": number, "time": _local(when, tz),
                                 "action": action, "name": display(pkg.split(":")[0]),
                                 "version": display(new if new != "<none>" else old),
                                 "detail": display(f"{when} local; from {old}")}


def _log_lines(evidence: Evidence, pattern: str) -> Iterator[tuple[str, int, str] | Error]:
    """(path, line number, text) of every rotation of a package log, oldest first; a file that
    cannot be read gives its error and the next one is read."""
    for path in _rotated(evidence, pattern):
        for item in read_lines(evidence, path, decompress=True, max_output=MAX_LOG):
            if isinstance(item, Error):
                yield item
                break
            yield (path, *item)


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


# -- yum and dnf logs ---------------------------------------------------------------
_YUM_LINE = re.compile(r"^([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) (Installed|Updated|Erased|Obsoleted|"
                       r"Reinstalled|Downgraded|Dep-Installed): (\S+)")
_DNF_LINE = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:?\d\d)?) [A-Z]+ (\w+): (.+)$")
# dnf's words for what happened to a package (dnf/transaction.py FILE_ACTIONS); the past
# forms of upgrade/downgrade/reinstall/obsolete name the version that went away (dnf 4).
_DNF_ACTIONS = {"Installed": "install", "Erase": "remove", "Erased": "remove", "Upgrade": "upgrade",
                "Downgrade": "downgrade", "Reinstall": "reinstall", "Obsolete": "obsolete", "Upgraded": "upgraded",
                "Downgraded": "downgraded", "Reinstalled": "reinstalled", "Obsoleted": "obsoleted"}
_YUM_ACTIONS = {"Installed": "install", "Dep-Installed": "install", "Updated": "upgrade", "Erased": "remove",
                "Obsoleted": "obsoleted", "Reinstalled": "reinstall", "Downgraded": "downgrade"}


def _nevra(text: str) -> tuple[str, str]:
    """'1:perl-Pod-1.04-295.el7.noarch' or 'openssl-libs-1:1.0.2k-19.el7.x86_64' -> (name, [epoch:]version-release)."""
    epoch = None
    m = re.match(r"^(\d+):(.*)$", text)
    if m:
        epoch, text = m.groups()
    base = text.rsplit(".", 1)[0] if re.search(r"\.[A-Za-z0-9_]+$", text) else text
    parts = base.rsplit("-", 2)
    if len(parts) < 3:
        return text, ""
    name, version, release = parts
    if epoch and ":" not in version:
        version = f"{epoch}:{version}"
    return name, f"{version}-{release}"


def _rpm_logs(evidence: Evidence) -> Iterator[Any]:
    """yum.log (CentOS <= 7, year-less lines), dnf.rpm.log and dnf.log (RHEL 8+): what yum/dnf
    installed, upgraded or removed when, and the dnf command lines."""
    from triage.syslog import SyslogClock, last_year, year_offsets

    tz = imagefacts.tzinfo(evidence)
    for path in _rotated(evidence, "/var/log/yum.log*"):
        found: list[tuple[int, str, str, str]] = []
        for item in read_lines(evidence, path, decompress=True, max_output=MAX_LOG):
            if isinstance(item, Error):
                yield item
                break
            m = _YUM_LINE.match(item[1])
            if m:
                found.append((item[0], *m.groups()))
        clock, offsets = None, [0] * len(found)
        if found and tz is not None:
            try:
                anchor = datetime.fromtimestamp(evidence.stat(path).mtime_ns / 1e9, tz)
            except EvidenceError as exc:
                yield Error.of(exc)
                anchor = None
            if anchor is not None:
                months = [_MONTHS.get(f[1][:3]) for f in found]
                clock = SyslogClock(tz, last_year(months[-1], int(found[-1][1][4:6]), anchor))
                offsets = year_offsets(months)
        for i, (number, when, action, pkg) in enumerate(found):
            name, version = _nevra(pkg)
            yield "package_events", {"source": display(path), "line": number,
                                     "time": clock.iso(when.replace("  ", " 0"), offsets[i]) if clock else None,
                                     "action": _YUM_ACTIONS[action], "name": display(name), "version": display(version),
                                     "detail": display(f"yum: {when} local (year from the file's mtime); {pkg}")}
    for pattern in ("/var/log/dnf.rpm.log*", "/var/log/dnf.log*"):
        for item in _log_lines(evidence, pattern):
            if isinstance(item, Error):
                yield item
                continue
            path, number, line = item
            m = _DNF_LINE.match(line)
            if not m:
                continue
            when, word, rest = m.groups()
            time = _dnf_time(when, tz)
            if pattern == "/var/log/dnf.log*":
                if word == "Command":
                    yield "package_events", {"source": display(path), "line": number, "time": time,
                                             "action": "command", "name": None, "version": None,
                                             "detail": display(rest)}
                continue
            action = _DNF_ACTIONS.get(word)
            if action and " " not in rest.strip():
                name, version = _nevra(rest.strip())
                yield "package_events", {"source": display(path), "line": number, "time": time,
                                         "action": action, "name": display(name), "version": display(version),
                                         "detail": display(f"dnf: {word} {rest.strip()}")}


# dnf 4 (libdnf), dnf 5, and yum 3: one row a transaction, when, by whom, and the command line
HISTORY_DBS = ("/var/lib/dnf/history.sqlite", "/usr/lib/sysimage/libdnf5/transaction_history.sqlite",
               "/var/lib/yum/history/history-*.sqlite")
_HISTORY_QUERIES = (
    ("trans", ("id", "dt_begin", "user_id", "cmdline"),
     "SELECT id, dt_begin, user_id, cmdline FROM trans ORDER BY id"),
    ("trans", ("id", "dt_begin", "user_id", "description"),
     "SELECT id, dt_begin, user_id, description FROM trans ORDER BY id"),
    ("trans_beg", ("tid", "timestamp", "loginuid"),
     "SELECT b.tid, b.timestamp, b.loginuid, c.cmdline FROM trans_beg b "
     "LEFT JOIN trans_cmdline c ON c.tid = b.tid ORDER BY b.tid"),
)


def _history_dbs(evidence: Evidence) -> Iterator[Any]:
    """Transactions from the yum/dnf history databases (read from private copies, with their
    write-ahead logs: sqlite cannot replay a WAL on a read-only original)."""
    import tempfile

    paths: list[str] = []
    for pattern in HISTORY_DBS:
        try:
            paths.extend(p for p in evidence.glob(pattern) if evidence.is_file(p))
        except EvidenceError as exc:
            yield Error.of(exc)
    for path in sorted(set(paths)):
        with tempfile.TemporaryDirectory(prefix="triage-history-") as tmp:
            try:
                copy = rpmdb.copy_sqlite(evidence, path, tmp)
            except EvidenceError as exc:
                yield Error.of(exc)
                continue
            except OSError as exc:
                yield Error(path, f"history database could not be copied for reading ({exc})")
                continue
            yield from _history_rows(path, copy)


def _history_rows(path: str, copy: str) -> Iterator[Any]:
    tool = "yum" if "/yum/" in path else "dnf"
    conn = sqlite3.connect(copy)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")  # a planted schema's views and triggers stay inert
        tables = {name: {c[1] for c in conn.execute(f'PRAGMA table_info("{name}")')}
                  for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        query = next((sql for table, cols, sql in _HISTORY_QUERIES if set(cols) <= tables.get(table, set())), None)
        if query is None:
            yield Error(path, "history database in a layout triage does not know: transactions not read")
            return
        for tid, when, uid, command in conn.execute(query):
            try:
                time = iso(datetime.fromtimestamp(int(when), timezone.utc))
            except (TypeError, ValueError, OverflowError, OSError):
                time = None
            yield "package_events", {"source": display(path), "line": tid if isinstance(tid, int) else None,
                                     "time": time, "action": "command", "name": None, "version": None,
                                     "detail": display(f"{tool} history #{tid}, uid {uid}: {command or ''}")}
    except sqlite3.DatabaseError as exc:
        yield Error(path, f"history database could not be read ({exc})")
    finally:
        conn.close()


_MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                                       "Dec"), 1)}


def _dnf_time(text: str, tz: Any) -> str | None:
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        if tz is None:
            return None
        dt = dt.replace(tzinfo=tz)
    return iso(dt)


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


_DIGEST_COLUMNS = {"md5": 0, "sha1": 1, "sha256": 2}


class _Inventory:
    """The files collector's rows, looked up one path at a time (a large image's
    inventory does not fit comfortably in a dict)."""

    def __init__(self, db: Any) -> None:
        self.db = db
        try:
            self.present = db.execute("SELECT 1 FROM files LIMIT 1").fetchone() is not None
        except sqlite3.DatabaseError:
            self.present = False

    def __bool__(self) -> bool:
        return self.present

    def get(self, path: str) -> tuple[str | None, str | None, str | None, str] | None:
        """(md5, sha1, sha256, type) of an image path, or None when not inventoried."""
        if not self.present:
            return None
        row = self.db.execute("SELECT md5, sha1, sha256, type FROM files WHERE path_raw = ?",
                              [os.fsencode(path)]).fetchone()
        return tuple(row) if row else None  # type: ignore[return-value]


def _flags(pkg: str, path: str, status: str, conf: int) -> list[str]:
    if status == "changed" and not conf:
        flags = [f"file differs from what package {pkg} installed"]
        if path.startswith(SYSTEM_BIN) or "/security/" in path or re.search(r"/lib[^/]*\.so", path):
            flags.append("a system binary or library replaced (trojan?)")
        return flags
    if status == "changed":
        return ["configuration file edited since install"]
    return []


def _integrity(evidence: Evidence, inventory: _Inventory, conffiles: dict[str, tuple[str, str]]) -> Iterator[Any]:
    entries: list[tuple[str, str, str, int]] = []
    for item in _md5sums(evidence):
        if isinstance(item, Error):
            yield item
        elif item[1] not in conffiles:
            entries.append((*item, 0))
    entries += [(pkg, path, digest, 1) for path, (pkg, digest) in conffiles.items()]
    diverted = _diversions(evidence)
    for pkg, path, digest, conf in entries:
        yield "package_files", {"package": display(pkg), "path": display(path), "md5": digest, "conffile": conf,
                                "digest_algo": "md5", "digest": digest, "format": "dpkg"}
        if not inventory:
            continue
        where = path
        if path in diverted and diverted[path][1] != pkg:
            where = diverted[path][0]  # dpkg put this package's copy under another name
        status, found = _check(evidence, inventory, where)
        actual = found[0] if found else None
        if status == "ok" and actual != digest:
            status = "changed"
        if status == "ok":
            continue
        yield "package_integrity", {"path": display(where), "package": display(pkg), "status": status,
                                    "expected_md5": digest, "actual_md5": actual, "conffile": conf,
                                    "flags": flags_json(_flags(pkg, path, status, conf)), "digest_algo": "md5",
                                    "expected_digest": digest, "actual_digest": actual, "format": "dpkg"}
    if inventory:
        yield from _missing_listed(evidence, inventory, {e[1] for e in entries}, diverted)


def _missing_listed(evidence: Evidence, inventory: _Inventory, checked: set[str],
                    diverted: dict[str, tuple[str, str]]) -> Iterator[Any]:
    """Paths a package's .list names (folders and links too) that are gone, as dpkg --verify says."""
    from triage.sysparse import packages

    for path, pkg in packages(evidence).dpkg_owner.items():
        if path in checked:
            continue
        where = diverted[path][0] if path in diverted and diverted[path][1] != pkg else path
        if not _gone(evidence, inventory, where):
            continue
        yield "package_integrity", {"path": display(where), "package": display(pkg), "status": "missing",
                                    "expected_md5": None, "actual_md5": None, "conffile": 0, "flags": "[]",
                                    "format": "dpkg"}


def _gone(evidence: Evidence, inventory: _Inventory, path: str) -> bool:
    if any(inventory.get(a) is not None for a in path_aliases(path)):
        return False
    try:
        evidence.lstat(path)
        return False
    except EvidenceError:
        return True


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


def _check(evidence: Evidence, inventory: _Inventory,
           path: str) -> tuple[str, tuple[str | None, str | None, str | None, str] | None]:
    """ok (the caller compares the digests) / missing / unreadable / not inventoried, and the
    inventory's (md5, sha1, sha256, type) of the regular file found."""
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
            if hit[3] != "file":
                continue
            if hit[0] is None and hit[2] is None:
                return "unreadable", None
            return "ok", hit
    if not evidence.exists(path):
        return "missing", None
    return "not inventoried", None


def _unowned(evidence: Evidence, ctx: Context, inventory: _Inventory, rpm_owned: set[str]) -> Iterator[Any]:
    """Executables and shared objects in system folders that no package (dpkg or rpm) lists."""
    from triage.sysparse import packages

    pk = packages(evidence)
    if not pk.owner and not rpm_owned:
        return
    diverted_to = {to for to, _pkg in _diversions(evidence).values()}
    rows = ctx.db.execute("SELECT path, path_raw, mime, md5 FROM files WHERE type = 'file' AND ("
                          + " OR ".join("path LIKE ?" for _ in SYSTEM_BIN + SYSTEM_LIB) + ")",
                          [p + "%" for p in SYSTEM_BIN + SYSTEM_LIB])
    for path, path_raw, mime, md5 in rows:
        real = os.fsdecode(path_raw) if path_raw is not None else path
        if pk.owner_of(real) is not None or real in diverted_to:
            continue
        if any(a in rpm_owned for a in path_aliases(real)):
            continue
        in_bin = path.startswith(SYSTEM_BIN)
        if not in_bin and (mime or "") not in ELF_MIMES:
            continue
        if not in_bin and re.search(r"/(?:python\d[.\d]*|perl\d?|node_modules|ruby)/", path):
            continue  # language packages installed by pip/cpan/npm: listed by their own tools
        yield "package_integrity", {"path": path, "package": None, "status": "unowned", "expected_md5": None,
                                    "actual_md5": md5, "conffile": 0,
                                    "flags": flags_json(["in a system folder but no package owns it"])}


# -- RPM ---------------------------------------------------------------------------
def rpm_header(blob: bytes) -> dict[str, Any]:
    """Name, version, release, epoch, arch, install time from an RPM header blob."""
    p = rpmdb.parse_package(blob)
    out: dict[str, Any] = {"name": p.name, "version": p.version, "release": p.release, "arch": p.arch}
    if p.epoch is not None:
        out["epoch"] = p.epoch
    if p.installtime is not None:
        out["installtime"] = p.installtime
    return out


def _rpm(evidence: Evidence, inventory: _Inventory, owned: set[str]) -> Iterator[Any]:
    done: set[tuple[str, str, str]] = set()  # (package, path, digest): a database read twice checks once
    for path, kind in rpmdb.databases(evidence):
        yield from _rpm_packages(evidence, path, rpmdb.headers(evidence, path, kind), inventory, owned, done)


def _rpm_packages(evidence: Evidence, source: str, headers: Iterator[tuple[int, bytes] | Error],
                  inventory: _Inventory, owned: set[str], done: set[tuple[str, str, str]]) -> Iterator[Any]:
    unverifiable: dict[str, int] = {}
    for item in headers:
        if isinstance(item, Error):
            yield item
            continue
        hnum, blob = item
        try:
            pkg = rpmdb.parse_package(blob)
        except (ValueError, struct.error) as exc:
            yield Error(source, f"RPM header {hnum} unreadable: {exc}", hnum)
            continue
        name = display(pkg.name)
        yield "packages", {"source": source, "line": hnum, "name": name, "version": display(pkg.evr),
                           "arch": display(pkg.arch), "status": "installed", "format": "rpm"}
        if pkg.installtime:
            yield "package_events", {"source": source, "line": hnum, "action": "install", "name": name,
                                     "version": display(pkg.evr),
                                     "time": iso(datetime.fromtimestamp(pkg.installtime, timezone.utc)),
                                     "detail": "install time recorded in the RPM database"}
        if pkg.file_error:
            yield Error(source, f"RPM header {hnum} ({name}): file list unreadable: {pkg.file_error}", hnum)
        for f in pkg.files:
            yield from _rpm_file(evidence, source, pkg, f, inventory, owned, done, unverifiable)
    for algo, count in unverifiable.items():
        yield Error(source, f"{count} package files carry {algo} digests, which the files inventory does not "
                    "compute (md5, sha1, sha256): their content was not verified")


def _rpm_file(evidence: Evidence, source: str, pkg: rpmdb.RpmPackage, f: rpmdb.RpmFile, inventory: _Inventory,
              owned: set[str], done: set[tuple[str, str, str]], unverifiable: dict[str, int]) -> Iterator[Any]:
    conf = 1 if f.flags & rpmdb.RPMFILE_CONFIG else 0
    algo = pkg.digest_algo if f.digest else None
    yield "package_files", {"package": display(pkg.name), "path": display(f.path),
                            "md5": f.digest if algo == "md5" else None, "conffile": conf, "digest_algo": algo,
                            "digest": f.digest or None, "format": "rpm"}
    if f.state in (rpmdb.STATE_NOTINSTALLED, rpmdb.STATE_NETSHARED):
        return  # rpm never put it there (excluded docs, another machine's share): nothing to verify
    owned.add(f.path)
    key = (pkg.name, f.path, f.digest)
    if not inventory or key in done:
        return
    done.add(key)
    # What rpm -V compares: content of regular files in the normal state whose verify flags keep the
    # digest; never %ghost files (their content is the program's business).
    check = (stat.S_ISREG(f.mode) and bool(f.digest) and f.state in (rpmdb.STATE_NORMAL, -1)
             and bool(f.verify & rpmdb.VERIFY_DIGEST) and not f.flags & rpmdb.RPMFILE_GHOST)
    if check and algo not in _DIGEST_COLUMNS:
        unverifiable[str(algo)] = unverifiable.get(str(algo), 0) + 1
        check = False
    found = None
    if check:
        status, found = _check(evidence, inventory, f.path)
        actual = found[_DIGEST_COLUMNS[str(algo)]] if found else None
        if status == "ok" and actual != f.digest:
            status = "changed"
    else:
        status = "missing" if _gone(evidence, inventory, f.path) else "ok"
        actual = None
    if status == "ok" or (status == "missing" and f.flags & (rpmdb.RPMFILE_GHOST | rpmdb.RPMFILE_MISSINGOK)):
        return
    yield "package_integrity", {"path": display(f.path), "package": display(pkg.name), "status": status,
                                "expected_md5": f.digest if algo == "md5" else None,
                                "actual_md5": found[0] if found else None, "conffile": conf,
                                "flags": flags_json(_flags(pkg.name, f.path, status, conf)),
                                "digest_algo": algo if check else None,
                                "expected_digest": f.digest if check else None, "actual_digest": actual,
                                "format": "rpm"}
