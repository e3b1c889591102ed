"""The files inventory: one row per object, exact hashes, types, names from the image."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import sqlite_utils

from triage import runner


def _objects(root: Path) -> set[bytes]:
    found = {b"/"}
    broot = os.fsencode(root)
    for d, dirs, files in os.walk(broot):
        for name in dirs + files:
            found.add(os.path.join(d, name)[len(broot):])
    return found


@pytest.fixture
def sample(tree):
    root = tree({
        "/etc/passwd": "root:x:0:0::/root:/bin/bash\nalice:x:4242:4343::/home/alice:/bin/bash\n",
        "/etc/group": "root:x:0:\nstaff:x:4343:\n",
        "/var/www/html/index.php": "<?php\necho 'hello';\n",
        "/var/www/html/logo.png": bytes.fromhex("89504e470d0a1a0a0000000d494844520000000100000001080600"
                                                "00001f15c489"),
        "/var/www/html/copy.php": "<?php\necho 'hello';\n",
        "/home/alice/big.bin": os.urandom(3 * (1 << 20) + 17),
        "/usr/bin/sudo": b"\x7fELF",
    })
    os.chown(root / "home/alice/big.bin", 4242, 4343)
    os.chmod(root / "usr/bin/sudo", 0o4755)
    os.chmod(root / "var/www/html", 0o777)
    os.symlink("/etc/passwd", root / "var/www/html/pw")
    os.symlink("nowhere-a", root / "var/www/html/nowhere-b")
    os.symlink("nowhere-b", root / "var/www/html/nowhere-a")
    os.mkfifo(root / "var/www/fifo")
    with open(os.path.join(os.fsencode(root), b"var/www/html/we\xffird\nname.php"), "wb") as fh:
        fh.write(b"<?php system($_GET['c']);")
    return root


def test_one_row_per_object(sample, run_collect):
    db = run_collect(sample, only=["files"], workers=2)
    rows = {r["path_raw"]: r for r in db["files"].rows}
    assert set(rows) == _objects(sample)


def test_hashes_types_owners(sample, run_collect):
    db = run_collect(sample, only=["files"])
    rows = {r["path"]: r for r in db["files"].rows}
    big = (sample / "home/alice/big.bin").read_bytes()
    r = rows["/home/alice/big.bin"]
    assert (r["md5"], r["sha1"], r["sha256"]) == (
        hashlib.md5(big).hexdigest(), hashlib.sha1(big).hexdigest(), hashlib.sha256(big).hexdigest())
    assert (r["owner"], r["group_name"], r["uid"]) == ("alice", "staff", 4242)  # the image's names
    assert rows["/var/www/html/logo.png"]["mime"] == "image/png"
    assert rows["/var/www/html/index.php"]["mime"] == "text/x-php"
    assert rows["/var/www/html/copy.php"]["magic"] == rows["/var/www/html/index.php"]["magic"]
    assert rows["/usr/bin/sudo"]["suid"] == 1 and rows["/usr/bin/sudo"]["perms"] == "-rwsr-xr-x"
    assert rows["/var/www/html"]["world_writable"] == 1
    assert rows["/var/www/html/index.php"]["ext"] == "php"
    assert rows["/var/www/html/index.php"]["mtime"].endswith("Z")


def test_links_fifos_and_odd_names(sample, run_collect):
    db = run_collect(sample, only=["files"])
    rows = {r["path_raw"]: r for r in db["files"].rows}
    link = rows[b"/var/www/html/pw"]
    assert (link["type"], link["link_target_raw"], link["link_resolved"]) == ("symlink", b"/etc/passwd",
                                                                             "/etc/passwd")
    assert link["sha256"] is None
    fifo = rows[b"/var/www/fifo"]
    assert fifo["type"] == "fifo" and fifo["sha256"] is None
    odd = rows[b"/var/www/html/we\xffird\nname.php"]
    assert odd["path"] == "/var/www/html/we\\xffird\\nname.php"
    assert odd["sha256"] == hashlib.sha256(b"<?php system($_GET['c']);").hexdigest()
    errors = [dict(e) for e in db.query("SELECT path, what FROM errors")]
    assert any(e["path"] == "/var/www/html/nowhere-a" and "symbolic links" in e["what"] for e in errors)


def test_path_and_exclude_limit_the_walk(sample, run_collect):
    db = run_collect(sample, only=["files"], paths=["/var/www"], path_excludes=["/var/www/html/*.php"])
    paths = {r["path"] for r in db["files"].rows}
    assert "/var/www/html/logo.png" in paths and "/var/www/html/index.php" not in paths
    assert "/etc/passwd" not in paths


def _without_dac_override() -> list[str]:
    """A prefix that runs a command with root's power to read anything dropped."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("root reads every file and setpriv (util-linux) is missing to drop that")
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_unreadable_file_is_an_error_row_and_the_run_goes_on():
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ev"
        (root / "d").mkdir(parents=True)
        (root / "d/secret").write_text("s")
        (root / "d/open").write_text("o")
        os.chmod(root / "d/secret", 0)
        case = Path(tmp) / "case.db"
        code = ("import sys; from triage import runner; "
                "s = runner.collect(sys.argv[1], sys.argv[2], only=['files'], argv=[]); print(s.status)")
        out = subprocess.run([*_without_dac_override(), sys.executable, "-c", code, str(root), str(case)],
                             capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "complete"
        db = sqlite_utils.Database(case)
        rows = {r["path"]: r for r in db["files"].rows}
        assert rows["/d/open"]["sha256"] and rows["/d/secret"]["sha256"] is None
        [err] = list(db.query("SELECT path, what FROM errors"))
        assert err["path"] == "/d/secret" and "ermission" in err["what"]


def test_atimes_do_not_move(sample, run_collect):
    target = sample / "var/www/html/index.php"
    os.utime(target, (1_000_000_000, 1_000_000_000))
    before = os.lstat(target)
    run_collect(sample, only=["files"])
    after = os.lstat(target)
    assert (after.st_atime_ns, after.st_mtime_ns, after.st_ctime_ns) == (
        before.st_atime_ns, before.st_mtime_ns, before.st_ctime_ns)
    assert stat.S_ISREG(after.st_mode)


def test_resume_keys_skip_what_was_written(sample, tmp_path):
    case = tmp_path / "c.db"
    runner.collect(str(sample), str(case), only=["files"], argv=[])
    db = sqlite_utils.Database(case)
    first = {r["path_raw"] for r in db["files"].rows}
    # Fake an interruption: mark the run unfinished and drop half the rows.
    db.execute("UPDATE runs SET status = 'running'")
    db.execute("UPDATE run_collectors SET status = 'running'")
    db.execute("DELETE FROM files WHERE rowid % 2 = 0")
    db.conn.commit()
    summary = runner.collect(str(sample), str(case), resume=True, argv=[])
    assert summary.status == "complete"
    again = [r["path_raw"] for r in sqlite_utils.Database(case)["files"].rows]
    assert sorted(again) == sorted(first) and len(again) == len(set(again))
