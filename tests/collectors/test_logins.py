from __future__ import annotations

import shutil
import struct

import pytest

from tests.conftest import SHARED_DATA

from ._sample import build_and_collect


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_and_collect(tmp_path_factory.mktemp("logins"), ["logins"])[1]


def test_wtmp_and_btmp_of_the_sample(db):
    session = next(db.query("SELECT * FROM logins WHERE kind = 'wtmp' AND type = 'USER_PROCESS'"))
    assert (session["user"], session["ip"], session["tty"], session["time"]) == (
        "alice",
        "203.0.113.66",
        "pts/0",
        "2024-03-02T03:20:05Z",
    )
    failed = list(db.query("SELECT * FROM logins WHERE kind = 'btmp'"))
    assert len(failed) == 8 and {r["ip"] for r in failed} == {"203.0.113.66"}


def test_truncated_record_reported_and_lastlog_and_sqlite(tree, run_collect):
    import sqlite3

    lastlog = bytearray(292 * 1001)
    struct.pack_into("<i32s256s", lastlog, 292 * 1000, 1709349605, b"pts/0", b"203.0.113.66")
    dbfile = tree({}) / "w.db"
    conn = sqlite3.connect(dbfile)
    conn.execute(
        "CREATE TABLE wtmp (ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT, Login INTEGER, "
        "Logout INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT)"
    )
    conn.execute(
        "INSERT INTO wtmp VALUES (1, 3, 'alice', 1709349605000000, NULL, 'pts/0', '203.0.113.66', 'sshd')"
    )
    conn.commit()
    conn.close()
    root = tree(
        {
            "/var/log/wtmp.1": (SHARED_DATA / "login-records" / "wtmp.1").read_bytes(),
            "/var/log/lastlog": bytes(lastlog),
            "/var/lib/wtmpdb/wtmp.db": dbfile.read_bytes(),
            "/etc/passwd": "alice:x:1000:1000::/home/alice:/bin/bash\n",
        }
    )
    shutil.move(str(dbfile), str(root.parent / "w.db"))
    db = run_collect(root, only=["logins"])
    rows = list(db.query("SELECT * FROM logins ORDER BY kind, line"))
    assert [r["kind"] for r in rows].count("wtmp") == 4
    last = next(r for r in rows if r["kind"] == "lastlog")
    assert (last["user"], last["host"], last["time"]) == ("alice", "203.0.113.66", "2024-03-02T03:20:05Z")
    wdb = next(r for r in rows if r["kind"] == "wtmpdb")
    assert (wdb["user"], wdb["time"]) == ("alice", "2024-03-02T03:20:05Z")
    err = next(db.query("SELECT * FROM errors"))
    assert "1 trailing bytes" in err["what"] and err["line"] == 5
