"""Real mounts: an ext4 image of the sample, loop-mounted read-only and read-write.

Skipped, with the reason printed, where the machine forbids loop mounts.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from triage import runner
from triage.times import iso_ns

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "samples"))
import build as samples  # noqa: E402

pytestmark = pytest.mark.slow


def _objects(root: Path) -> set[bytes]:
    broot = os.fsencode(root)
    found = {b"/"}
    for d, dirs, files in os.walk(broot):
        found.update(os.path.join(d, n)[len(broot):] for n in dirs + files)
    return found


def _mount(image: Path, point: Path, options: str) -> None:
    if os.geteuid() != 0 or not shutil.which("mke2fs"):
        pytest.skip("loop mounts need root and mke2fs")
    point.mkdir()
    done = subprocess.run(["mount", "-t", "ext4", "-o", f"loop,{options}", str(image), str(point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        print(f"cannot mount here: {done.stderr.strip()}")
        pytest.skip(f"this machine forbids loop mounts: {done.stderr.strip()}")


def _umount(point: Path) -> None:
    subprocess.run(["umount", str(point)], check=False)


@pytest.fixture
def image(tmp_path):
    if not shutil.which("mke2fs"):
        pytest.skip("mke2fs (e2fsprogs) is missing")
    tree = samples.build("hacked-debian", tmp_path / "tree")
    return tree, samples.make_image(tree, tmp_path / "disk.img")


def test_read_only_loop_mount_is_collected_whole(image, tmp_path):
    tree, img = image
    point = tmp_path / "mnt"
    _mount(img, point, "ro,noload,nodev,noexec")
    try:
        case = tmp_path / "case.db"
        summary = runner.collect(str(point), str(case), argv=[])
        db = sqlite_utils.Database(case)
        got = {r["path_raw"] for r in db["files"].rows}
        assert got == _objects(point)
        run = next(db["runs"].rows)
        assert run["mount_readonly"] == 1 and run["mount_fstype"] == "ext4"
        assert not summary.warnings
        rows = {r["path"]: r for r in db["files"].rows}
        shell = rows["/var/www/html/wp-content/uploads/2024/03/thumb.php"]
        assert shell["owner"] == "www-data" and shell["mtime"].startswith("2024-03-02T03:14:08")
        assert shell["btime"] is not None  # ext4 keeps birth times
        assert rows["/run/initctl"]["type"] == "fifo"
        assert rows["/var/www/html/backup-shadow"]["link_resolved"] == "/etc/shadow"
    finally:
        _umount(point)


def test_read_write_copy_is_left_exactly_as_it_was(image, tmp_path):
    tree, img = image
    point = tmp_path / "mnt"
    _mount(img, point, "rw,strictatime")  # strictatime: any read would move an atime
    try:
        objects = _objects(point)  # listing moves directory atimes: list once, before the snapshot

        def snapshot() -> dict[bytes, os.stat_result]:
            return {p: os.lstat(os.path.join(os.fsencode(point), p.lstrip(b"/"))) for p in objects}

        before = snapshot()
        case = tmp_path / "case.db"
        runner.collect(str(point), str(case), argv=[])
        after = snapshot()
        assert _objects(point) == objects, "objects were created or removed"
        db = sqlite_utils.Database(case)
        recorded = {r["path_raw"]: r["atime"] for r in db["files"].rows}
        for p, st in before.items():
            a = after[p]
            assert (a.st_mtime_ns, a.st_ctime_ns, a.st_mode) == (st.st_mtime_ns, st.st_ctime_ns, st.st_mode), p
            assert recorded[p] == iso_ns(st.st_atime_ns), p  # the case holds the atime from before
            if not stat.S_ISLNK(st.st_mode):  # the kernel moves a link's atime on readlink, always
                assert a.st_atime_ns == st.st_atime_ns, p
        for row in db.query("SELECT path_raw, sha256 FROM files WHERE type = 'file'"):
            original = os.path.join(os.fsencode(tree), row["path_raw"].lstrip(b"/"))
            with open(original, "rb") as fh:
                assert hashlib.sha256(fh.read()).hexdigest() == row["sha256"], row["path_raw"]
    finally:
        _umount(point)
