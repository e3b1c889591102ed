"""The Evidence door on hostile trees: links, loops, FIFOs, odd names, bombs."""

from __future__ import annotations

import bz2
import gzip
import os
import threading

import pytest

from triage.evidence import Evidence, EvidenceError


@pytest.fixture
def hostile(tree):
    root = tree({
        "/etc/shadow": "root:IMAGE-SHADOW:19000::::::\n",
        "/etc/passwd": "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n",
        "/etc/group": "root:x:0:\nwww-data:x:33:\n",
        "/var/www/html/index.php": "<?php echo 1;\n",
    })
    os.symlink("/etc/shadow", root / "var/www/html/abs")
    os.symlink("../../../../../../../../etc/shadow", root / "var/www/html/dotdot")
    os.symlink("/../../../../etc/shadow", root / "var/www/html/absdotdot")
    os.symlink("/", root / "var/www/html/rootlink")
    os.symlink("loop-b", root / "var/www/loop-a")
    os.symlink("loop-a", root / "var/www/loop-b")
    os.symlink("/var/www", root / "www")
    os.mkfifo(root / "var/www/fifo")
    return root


def test_absolute_symlink_is_the_image_file(hostile):
    ev = Evidence(hostile)
    assert ev.read_bytes("/var/www/html/abs") == b"root:IMAGE-SHADOW:19000::::::\n"
    assert ev.resolve("/var/www/html/abs") == "/etc/shadow"


@pytest.mark.parametrize("link", ["dotdot", "absdotdot"])
def test_dotdot_chains_stop_at_the_root(hostile, link):
    ev = Evidence(hostile)
    assert ev.resolve(f"/var/www/html/{link}") == "/etc/shadow"
    assert b"IMAGE-SHADOW" in ev.read_bytes(f"/var/www/html/{link}")
    assert ev.resolve("/../../../etc/../../etc/shadow") == "/etc/shadow"


def test_link_to_root_and_through_directory_links(hostile):
    ev = Evidence(hostile)
    assert ev.resolve("/var/www/html/rootlink/etc/shadow") == "/etc/shadow"
    assert ev.resolve("/www/html/index.php") == "/var/www/html/index.php"
    assert ev.glob("/www/*/index.php") == ["/www/html/index.php"]


def test_never_the_analysts_file(hostile):
    ev = Evidence(hostile)
    for path in ("/var/www/html/abs", "/var/www/html/dotdot", "/var/www/html/rootlink/etc/shadow"):
        assert ev.read_bytes(path).startswith(b"root:IMAGE-SHADOW")
    with pytest.raises(EvidenceError):
        ev.read_bytes("/var/www/html/rootlink/etc/hostname")  # exists on the host, not in the image


def test_symlink_loop_is_an_error(hostile):
    ev = Evidence(hostile)
    with pytest.raises(EvidenceError, match="symbolic links"):
        ev.read_bytes("/var/www/loop-a")


def test_fifo_is_refused_without_hanging(hostile):
    ev = Evidence(hostile)
    result: list[object] = []

    def attempt() -> None:
        try:
            ev.read_bytes("/var/www/fifo")
        except EvidenceError as exc:
            result.append(exc)

    t = threading.Thread(target=attempt, daemon=True)
    t.start()
    t.join(10)
    assert not t.is_alive(), "opening a FIFO hung"
    assert "fifo" in str(result[0])


def test_open_without_follow_refuses_a_final_symlink(hostile):
    ev = Evidence(hostile)
    with pytest.raises(EvidenceError, match="symlink"):
        ev.open_fd("/var/www/html/abs", follow=False)
    assert ev.readlink("/var/www/html/abs") == "/etc/shadow"


def test_walk_lists_links_without_following(hostile):
    ev = Evidence(hostile)
    seen = {e.path: e.stat.kind for e in ev.walk()}
    assert seen["/www"] == "symlink"
    assert "/www/html" not in seen  # not followed
    assert seen["/var/www/fifo"] == "fifo"
    assert seen["/"] == "dir"
    excluded = {e.path for e in ev.walk(exclude=["/var/www/html"])}
    assert "/var/www/html/index.php" not in excluded and "/var/www/fifo" in excluded


def test_non_utf8_and_newline_names_round_trip(tree):
    root = tree()
    bad = b"shell\xff\xfe\n.php"
    (root / "d").mkdir()
    with open(os.path.join(os.fsencode(root), b"d", bad), "wb") as fh:
        fh.write(b"x")
    ev = Evidence(root)
    [entry] = [e for e in ev.walk("/d") if e.stat.kind == "file"]
    assert os.fsencode(entry.path) == b"/d/" + bad
    assert ev.read_bytes(entry.path) == b"x"
    assert ev.glob("/d/shell*") == [entry.path]


def test_image_owner_names(hostile):
    ev = Evidence(hostile)
    assert ev.user_names()[33] == "www-data"
    assert ev.group_names()[0] == "root"


def test_lines_numbered_cut_and_decoded(tree):
    root = tree({"/log": b"one\r\ntwo \xff\n" + b"A" * 5000 + b"\nlast"})
    ev = Evidence(root)
    lines = list(ev.lines("/log", max_line=1000))
    assert lines[0] == (1, "one")
    assert lines[1] == (2, "two \\xff")
    assert lines[2] == (3, "A" * 1000)
    assert lines[3] == (4, "last")


def test_decompression_and_bomb_cap(tree):
    root = tree({
        "/a.log.1.gz": gzip.compress(b"x 1\ny 2\n"),
        "/a.log.2.bz2": bz2.compress(b"z 3\n"),
        "/bomb.gz": gzip.compress(b"\0" * (20 << 20)),
    })
    ev = Evidence(root)
    assert [t for _, t in ev.lines("/a.log.1.gz", decompress=True)] == ["x 1", "y 2"]
    assert [t for _, t in ev.lines("/a.log.2.bz2", decompress=True)] == ["z 3"]
    with pytest.raises(EvidenceError, match="bomb"):
        for _ in ev.raw_lines("/bomb.gz", decompress=True, max_output=1 << 20):
            pass


def test_unreadable_file_is_an_error(tree):
    root = tree({"/secret": "x"})
    os.chmod(root / "secret", 0)
    ev = Evidence(root)
    if os.geteuid() == 0:
        assert ev.read_bytes("/secret") == b"x"  # root reads anything: nothing to refuse
    else:
        with pytest.raises(EvidenceError, match="ermission"):
            ev.read_bytes("/secret")


def test_missing_parent_and_file(tree):
    ev = Evidence(tree({"/etc/hosts": "x"}))
    with pytest.raises(EvidenceError):
        ev.read_bytes("/nope/file")
    with pytest.raises(EvidenceError):
        ev.read_bytes("/etc/nope")
    assert not ev.exists("/etc/nope") and ev.is_file("/etc/hosts") and ev.is_dir("/etc")


def test_deep_trees_and_links_inside_them_resolve(tmp_path):
    """Folders are resolved from their cached parent, one level a call; a tree deeper than that is allowed
    to recurse is resolved the long way, and a link halfway down is followed inside the image."""
    depth = 300
    deep = tmp_path / "/".join(["d"] * depth)
    deep.mkdir(parents=True)
    (deep / "f.txt").write_bytes(b"bottom")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "g.txt").write_bytes(b"other")
    os.symlink("/elsewhere", tmp_path / "d" / "d" / "jump")  # absolute: the image's /elsewhere
    ev = Evidence(tmp_path)
    import inspect
    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 150)  # below the tree's depth: recursing would fail
    try:
        fd = ev.open_fd("/" + "/".join(["d"] * depth) + "/f.txt")
    finally:
        sys.setrecursionlimit(limit)
    try:
        assert os.read(fd, 10) == b"bottom"
    finally:
        os.close(fd)
    assert ev.read_bytes("/d/d/jump/g.txt") == b"other"
    assert ev.resolve("/d/d/jump/../elsewhere/g.txt") == "/elsewhere/g.txt"
