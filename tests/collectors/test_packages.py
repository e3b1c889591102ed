"""packages: dpkg status, install history, integrity against md5sums, RPM."""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import struct
from datetime import datetime, timezone
from pathlib import Path

from triage.collectors.packages import rpm_header

from .dpkgfake import write_dpkg

FILES = {
    "/bin/ps": b"\x7fELF trojan",
    "/bin/ls": b"\x7fELF ls",
    "/usr/share/doc/x/odd name\twith tab": b"doc",
    "/etc/x.conf": b"edited\n",
    "/usr/bin/pg_config.libpq": b"diverted copy",
    "/usr/bin/pg_config": b"wrapper",
    "/usr/bin/dropped": b"\x7fELF dropped",
    "/usr/lib/x86_64-linux-gnu/libhide.so": b"\x7fELF\x02\x01\x01\x00" + bytes(8) + struct.pack(
        "<HHIQQQIHHHHHH", 3, 0x3E, 1, 0, 64, 0, 0, 64, 56, 0, 64, 0, 0),
    "/usr/lib/python3/dist-packages/mod.cpython-311.pyc": b"pyc",
}


def _tree(tree):
    root = tree(FILES)
    write_dpkg(root, {"procps": ["/bin/ps", "/bin/gone"], "coreutils": ["/bin/ls"],
                      "x-doc": ["/usr/share/doc/x/odd name\twith tab"], "libpq-dev": ["/usr/bin/pg_config"],
                      "postgresql-common": ["/usr/bin/pg_config"]},
               conffiles={"x": ["/etc/x.conf"]},
               shipped={"/bin/ps": b"\x7fELF ps", "/bin/gone": b"gone", "/etc/x.conf": b"stock\n",
                        "/usr/bin/pg_config": b"diverted copy"})
    # postgresql-common diverts libpq-dev's pg_config to pg_config.libpq and ships its own wrapper
    (root / "var/lib/dpkg/diversions").write_text("/usr/bin/pg_config\n/usr/bin/pg_config.libpq\npostgresql-common\n")
    info = root / "var/lib/dpkg/info"
    md5 = (info / "postgresql-common.md5sums").read_text().replace(
        (info / "postgresql-common.md5sums").read_text().split()[0], __import__("hashlib").md5(b"wrapper").hexdigest())
    (info / "postgresql-common.md5sums").write_text(md5)
    with open(info / "coreutils.md5sums", "ab") as fh:
        fh.write(b"nothex  usr/bin/x\n\xff\xfe garbage\nd41d8cd98f00b204e9800998ecf8427e\n")
    return root


def test_integrity_against_md5sums_conffiles_diversions_and_unowned(tree, run_collect):
    db = run_collect(_tree(tree), only=["files", "packages"])
    got = {r["path"]: (r["package"], r["status"], r["conffile"], json.loads(r["flags"]))
           for r in db["package_integrity"].rows}
    assert got == {
        "/bin/ps": ("procps", "changed", 0, ["file differs from what package procps installed",
                                             "a system binary or library replaced (trojan?)"]),
        "/bin/gone": ("procps", "missing", 0, []),
        "/etc/x.conf": ("x", "changed", 1, ["configuration file edited since install"]),
        "/usr/bin/dropped": (None, "unowned", 0, ["in a system folder but no package owns it"]),
        "/usr/lib/x86_64-linux-gnu/libhide.so": (None, "unowned", 0, ["in a system folder but no package owns it"]),
    }
    files = {(r["package"], r["path"], r["conffile"]) for r in db["package_files"].rows}
    assert ("x-doc", "/usr/share/doc/x/odd name\\twith tab", 0) in files
    assert ("x", "/etc/x.conf", 1) in files
    errors = [(e["path"], e["line"]) for e in db["errors"].rows]
    assert errors == [("/var/lib/dpkg/info/coreutils.md5sums", 2), ("/var/lib/dpkg/info/coreutils.md5sums", 3),
                      ("/var/lib/dpkg/info/coreutils.md5sums", 4)]
    assert {r["name"]: r["version"] for r in db["packages"].rows}["procps"] == "1.0-1"


def test_without_inventory_it_says_so(tree, run_collect):
    db = run_collect(_tree(tree), only=["packages"])
    assert db["package_integrity"].count == 0
    assert any("no files inventory" in e["what"] for e in db["errors"].rows)


def test_history_logs_rotated_gz_in_the_image_zone(tree, run_collect):
    root = tree({
        "/etc/timezone": "Europe/Berlin\n",
        "/usr/share/zoneinfo/Europe/Berlin": Path("/usr/share/zoneinfo/Europe/Berlin").read_bytes(),
        "/var/lib/dpkg/status": "Package: nc\r\nStatus: install ok installed\r\nVersion: 1.10\r\n",
        "/var/log/dpkg.log": "2024-03-02 04:20:11 install netcat:amd64 <none> 1.10-41\n"
                             "2024-03-02 04:20:11 status unpacked netcat:amd64 1.10-41\n"
                             "2024-03-02 04:21:00 remove telnet:amd64 0.17 <none>\nnot a log line\n",
        "/var/log/apt/history.log": "\nStart-Date: 2024-03-02  04:20:05\nCommandline: apt-get install netcat\n"
                                    "Requested-By: bob (1000)\n"
                                    "Install: netcat:amd64 (1.10-41), libx:amd64 (2.0, automatic)\n"
                                    "End-Date: 2024-03-02  04:20:12\n",
    })
    with gzip.open(root / "var/log/dpkg.log.2.gz", "wt") as fh:
        fh.write("2023-07-01 10:00:00 upgrade apache2:amd64 2.4.1 2.4.2\n")
    with gzip.open(root / "var/log/apt/history.log.1.gz", "wt") as fh:
        fh.write("Start-Date: 2023-07-01  09:59:00\nUpgrade: apache2:amd64 (2.4.1, 2.4.2)\nEnd-Date: x\n")
    db = run_collect(root, only=["packages"])
    events = [(r["source"], r["time"], r["action"], r["name"], r["version"]) for r in db["package_events"].rows]
    assert events == [
        ("/var/log/dpkg.log.2.gz", "2023-07-01T08:00:00Z", "upgrade", "apache2", "2.4.2"),
        ("/var/log/dpkg.log", "2024-03-02T03:20:11Z", "install", "netcat", "1.10-41"),
        ("/var/log/dpkg.log", "2024-03-02T03:21:00Z", "remove", "telnet", "0.17"),
        ("/var/log/apt/history.log.1.gz", "2023-07-01T07:59:00Z", "upgrade", "apache2", "2.4.2"),
        ("/var/log/apt/history.log", "2024-03-02T03:20:05Z", "command", None, None),
        ("/var/log/apt/history.log", "2024-03-02T03:20:05Z", "install", "netcat", "1.10-41"),
        ("/var/log/apt/history.log", "2024-03-02T03:20:05Z", "install", "libx", "2.0"),
    ]
    cmd = next(db["package_events"].rows_where("action = 'command'"))
    assert cmd["detail"] == "apt-get install netcat (by bob (1000))"
    assert [(r["name"], r["version"]) for r in db["packages"].rows] == [("nc", "1.10")]


def _header(fields: dict[int, str | int]) -> bytes:
    index, data = b"", b""
    for tag, value in fields.items():
        if isinstance(value, str):
            index += struct.pack(">iiii", tag, 6, len(data), 1)
            data += value.encode() + b"\0"
        else:
            while len(data) % 4:
                data += b"\0"
            index += struct.pack(">iiii", tag, 4, len(data), 1)
            data += struct.pack(">i", value)
    return struct.pack(">II", len(fields), len(data)) + index + data


def test_rpmdb_sqlite_and_unreadable_databases(tree, run_collect, tmp_path):
    db_file = tmp_path / "rpmdb.sqlite"
    conn = sqlite3.connect(db_file)
    conn.execute("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)")
    conn.execute("INSERT INTO Packages (blob) VALUES (?)",
                 [_header({1000: "openssh-server", 1001: "8.7p1", 1002: "34.el9", 1022: "x86_64", 1003: 1})])
    conn.execute("INSERT INTO Packages (blob) VALUES (?)", [b"\x00\x00\x00\xff garbage"])
    conn.commit()
    conn.close()
    root = tree({"/var/lib/rpm/rpmdb.sqlite": db_file.read_bytes(), "/var/lib/rpm/Packages": b"\x00" * 64})
    case = run_collect(root, only=["packages"])
    assert [(r["name"], r["version"], r["arch"], r["format"]) for r in case["packages"].rows] == [
        ("openssh-server", "1:8.7p1-34.el9", "x86_64", "rpm")]
    errors = {(e["path"], e["line"]): e["what"] for e in case["errors"].rows}
    assert errors[("/var/lib/rpm/rpmdb.sqlite", 2)].startswith("RPM header 2 unreadable")
    assert "Berkeley DB" in errors[("/var/lib/rpm/Packages", None)]
    assert rpm_header(_header({1000: "a"}))["name"] == "a"


def test_corrupt_rpmdb_and_missing_status(tree, run_collect):
    root = tree({"/var/lib/rpm/rpmdb.sqlite": b"SQLite format 3\x00" + os.urandom(200)})
    (root / "var/lib/dpkg").mkdir(parents=True)
    case = run_collect(root, only=["packages"])
    whats = [e["what"] for e in case["errors"].rows]
    assert any(w.startswith("RPM database could not be read") for w in whats)
    assert any("status file is missing" in w for w in whats)


def test_yum_and_dnf_history_logs(tree, run_collect):
    root = tree({
        "/etc/timezone": "America/New_York\n",
        "/usr/share/zoneinfo/America/New_York": Path("/usr/share/zoneinfo/America/New_York").read_bytes(),
        # real yum.log lines (Fedora 20), the year comes from the file's mtime; Dec before Feb is the year before
        "/var/log/yum.log": "Dec 30 23:10:00 Installed: 1:perl-Pod-Escapes-1.04-295.el7.noarch\n"
                            "Feb 15 10:00:44 Updated: ibus-1.5.5-1.fc20.x86_64\n"
                            "Feb 15 10:00:48 Installed: python-dropbox-1.6-4.fc20.noarch\n"
                            "Feb 15 10:01:02 Erased: telnet-0.17-48.el6.x86_64\nnot a yum line\n",
        "/var/log/dnf.rpm.log": "2023-05-01T10:00:00+0000 INFO --- logging initialized ---\n"
                                "2023-05-01T10:00:01+0000 SUBDEBUG Installed: nmap-2:7.70-6.el8.x86_64\n"
                                "2023-05-01T10:00:02+0000 SUBDEBUG Upgrade: openssh-8.0p1-13.el8.x86_64\n"
                                "2023-05-01T10:00:02+0000 SUBDEBUG Upgraded: openssh-8.0p1-10.el8.x86_64\n"
                                "2023-05-01T10:00:03Z SUBDEBUG Erase: rsyslog-8.2102.0-5.el8.x86_64\n"
                                "2023-05-01T10:00:04Z INFO Running scriptlet: nmap-2:7.70-6.el8.x86_64\n",
        "/var/log/dnf.log": "2023-05-01T09:59:58+0000 DDEBUG Command: dnf install -y nmap\n"
                            "2023-05-01T09:59:58+0000 DEBUG Installed: what dnf.log says is not counted twice\n",
    })
    stamp = datetime(2014, 2, 20, 12, 0, tzinfo=timezone.utc).timestamp()
    os.utime(root / "var/log/yum.log", (stamp, stamp))
    db = run_collect(root, only=["packages"])
    events = [(r["source"], r["line"], r["time"], r["action"], r["name"], r["version"])
              for r in db["package_events"].rows]
    assert events == [
        ("/var/log/yum.log", 1, "2013-12-31T04:10:00Z", "install", "perl-Pod-Escapes", "1:1.04-295.el7"),
        ("/var/log/yum.log", 2, "2014-02-15T15:00:44Z", "upgrade", "ibus", "1.5.5-1.fc20"),
        ("/var/log/yum.log", 3, "2014-02-15T15:00:48Z", "install", "python-dropbox", "1.6-4.fc20"),
        ("/var/log/yum.log", 4, "2014-02-15T15:01:02Z", "remove", "telnet", "0.17-48.el6"),
        ("/var/log/dnf.rpm.log", 2, "2023-05-01T10:00:01Z", "install", "nmap", "2:7.70-6.el8"),
        ("/var/log/dnf.rpm.log", 3, "2023-05-01T10:00:02Z", "upgrade", "openssh", "8.0p1-13.el8"),
        ("/var/log/dnf.rpm.log", 4, "2023-05-01T10:00:02Z", "upgraded", "openssh", "8.0p1-10.el8"),
        ("/var/log/dnf.rpm.log", 5, "2023-05-01T10:00:03Z", "remove", "rsyslog", "8.2102.0-5.el8"),
        ("/var/log/dnf.log", 1, "2023-05-01T09:59:58Z", "command", None, None),
    ]
    assert next(db["package_events"].rows_where("action = 'command'"))["detail"] == "dnf install -y nmap"


def _history_db(path: Path, schema: str, rows: list[str]) -> bytes:
    import sqlite3

    conn = sqlite3.connect(path)
    conn.executescript(schema)
    for row in rows:
        conn.execute(row)
    conn.commit()
    conn.close()
    return path.read_bytes()


def test_yum_and_dnf_history_databases(tree, run_collect, tmp_path):
    """Every transaction's time, user and command line from dnf 4, dnf 5 and yum 3 history databases
    (their real table layouts), read from copies; an unknown layout is an error row, not a crash."""
    dnf4 = _history_db(tmp_path / "h4.sqlite", "CREATE TABLE trans (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "dt_begin INTEGER NOT NULL, dt_end INTEGER, rpmdb_version_begin TEXT, rpmdb_version_end TEXT, "
                       "releasever TEXT NOT NULL, user_id INTEGER NOT NULL, cmdline TEXT, state INTEGER NOT NULL);",
                       ["INSERT INTO trans VALUES (1, 1682935198, 1682935205, 'a', 'b', '8', 0, "
                        "'dnf install -y nmap', 1)",
                        "INSERT INTO trans VALUES (2, 1682940000, NULL, 'b', NULL, '8', 1000, "
                        "'dnf remove audit' || char(10) || char(27) || '[31m', 1)"])  # a hostile command line
    dnf5 = _history_db(tmp_path / "h5.sqlite", "CREATE TABLE trans (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "dt_begin INTEGER NOT NULL, dt_end INTEGER, rpmdb_version_begin TEXT, rpmdb_version_end TEXT, "
                       "releasever TEXT NOT NULL, user_id INTEGER NOT NULL, description TEXT, comment TEXT, "
                       "state_id INTEGER);", ["INSERT INTO trans VALUES (7, 1700000000, 1700000009, 'a', 'b', '40', "
                                              "0, 'dnf5 install gcc', '', 2)"])
    yum3 = _history_db(tmp_path / "y.sqlite", "CREATE TABLE trans_beg (tid INTEGER PRIMARY KEY, timestamp INTEGER "
                       "NOT NULL, rpmdb_version TEXT NOT NULL, loginuid INTEGER); CREATE TABLE trans_cmdline "
                       "(tid INTEGER NOT NULL REFERENCES trans_beg, cmdline TEXT NOT NULL);",
                       ["INSERT INTO trans_beg VALUES (3, 1400000000, 'x', 0)",
                        "INSERT INTO trans_cmdline VALUES (3, 'install wget')"])
    odd = _history_db(tmp_path / "o.sqlite", "CREATE TABLE something (x);", [])
    root = tree({"/var/lib/dnf/history.sqlite": dnf4,
                 "/usr/lib/sysimage/libdnf5/transaction_history.sqlite": dnf5,
                 "/var/lib/yum/history/history-2014-05-13.sqlite": yum3,
                 "/var/lib/yum/history/history-2015-01-01.sqlite": odd})
    db = run_collect(root, only=["packages"])
    got = [(r["source"], r["line"], r["time"], r["detail"])
           for r in db["package_events"].rows_where("action = 'command'")]
    assert got == [
        ("/usr/lib/sysimage/libdnf5/transaction_history.sqlite", 7, "2023-11-14T22:13:20Z",
         "dnf history #7, uid 0: dnf5 install gcc"),
        ("/var/lib/dnf/history.sqlite", 1, "2023-05-01T09:59:58Z", "dnf history #1, uid 0: dnf install -y nmap"),
        ("/var/lib/dnf/history.sqlite", 2, "2023-05-01T11:20:00Z",
         "dnf history #2, uid 1000: dnf remove audit\\n\\x1b[31m"),
        ("/var/lib/yum/history/history-2014-05-13.sqlite", 3, "2014-05-13T16:53:20Z",
         "yum history #3, uid 0: install wget"),
    ]
    errors = [e["what"] for e in db["errors"].rows]
    assert any("layout triage does not know" in w for w in errors)
