"""watch on a real inotify observer over temporary directories."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from triage import custody
from triage.case import open_readonly
from triage.watch import Settings, Watcher

# watchdog warns (RuntimeWarning) when it re-adds a directory's watch while rebuilding its watches after an
# inotify overflow; harmless, but the suite turns warnings into errors, which would kill its observer thread.
pytestmark = pytest.mark.filterwarnings("ignore:Callback with id:RuntimeWarning")

SHELL = b'<?php if(isset($_REQUEST["cmd"])){ system($_REQUEST["cmd"]); } ?>\n'
ONE_LINER = b'<?php @eval($_POST["x"]);?>\n'


class Lines:
    """A thread-safe stdout that keeps the JSON lines."""

    def __init__(self) -> None:
        self.lines: list[dict] = []
        self.lock = threading.Lock()

    def write(self, text: str) -> None:
        with self.lock:
            self.lines.extend(json.loads(t) for t in text.splitlines() if t)

    def flush(self) -> None:
        pass

    def paths(self) -> set[str]:
        with self.lock:
            return {line["path"] for line in self.lines}


def wait_for(condition: Callable[[], bool], what: str, limit: float = 120) -> None:
    """Poll until condition holds; the limit only stops a broken watch from hanging the suite."""
    end = time.monotonic() + limit
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"watch never saw {what}")
        time.sleep(0.05)


@pytest.fixture
def watching(tmp_path: Path):
    www = tmp_path / "www"
    (www / "wp-content" / "uploads").mkdir(parents=True)
    (www / "index.html").write_text("<html>old and fine</html>\n")
    (tmp_path / "case").mkdir()
    case = tmp_path / "case" / "watch.db"
    out = Lines()
    watcher = Watcher([str(www)], str(case), settings=Settings(debounce=0.1, rescan=1.0, full_rescan=5.0),
                      out=out, argv=[])
    started = threading.Event()
    counts: dict = {}
    thread = threading.Thread(target=lambda: counts.update(watcher.run(lambda _n: started.set())))
    thread.start()
    assert started.wait(60)

    def stop() -> dict:
        watcher.stop()
        thread.join(120)
        assert not thread.is_alive()
        return counts

    yield www, case, out, stop
    if thread.is_alive():
        stop()


def events(case: Path) -> dict[str, dict]:
    return {r["path"]: r for r in open_readonly(case).query("SELECT * FROM watch_events ORDER BY id")}


def test_a_shell_written_into_the_web_root_is_reported_and_recorded(watching):
    www, case, out, stop = watching
    shell = www / "wp-content" / "uploads" / "thumb.php"
    shell.write_bytes(SHELL)
    (www / "style.css").write_text("body { color: #333; }\n")
    wait_for(lambda: str(shell) in out.paths(), "the shell")
    line = next(x for x in out.lines if x["path"] == str(shell))
    assert line["verdict"] == "webshell" and line["score"] >= 60 and line["rules"]
    assert line["sha256"] == __import__("hashlib").sha256(SHELL).hexdigest()
    counts = stop()
    assert counts["flagged"] >= 1
    seen = events(case)
    assert seen[str(shell)]["status"] == "scanned" and seen[str(shell)]["verdict"] == "webshell"
    assert seen[str(www / "style.css")]["verdict"] != "webshell"
    assert str(www / "index.html") not in seen  # the baseline is not re-examined
    db = open_readonly(case)
    run = next(db.query("SELECT * FROM runs WHERE command = 'watch'"))
    assert run["status"] == "stopped" and run["rules_digest"] and run["case_digest"]
    rules = {r["rule"] for r in db.query("SELECT rule FROM findings WHERE path = ?", [str(shell)])}
    assert line["rules"][0] in rules
    score = next(db.query("SELECT verdict FROM file_scores WHERE path = ?", [str(shell)]))
    assert score["verdict"] == "webshell"
    assert custody.verify(db).intact


def test_a_shell_moved_in_from_elsewhere_is_reported(watching, tmp_path):
    www, case, out, stop = watching
    staged = tmp_path / "staging.txt"
    staged.write_bytes(ONE_LINER)
    target = www / "wp-content" / "uploads" / "cache.php"
    os.rename(staged, target)
    wait_for(lambda: str(target) in out.paths(), "the moved-in shell")
    stop()
    assert events(case)[str(target)]["event"] in ("moved", "created")


def test_a_file_deleted_before_it_could_be_read_is_recorded(watching):
    www, case, out, stop = watching
    brief = www / "x.php"
    brief.write_bytes(ONE_LINER)
    brief.unlink()
    wait_for(lambda: str(brief) in events(case), "the deleted file's event")
    stop()
    row = events(case)[str(brief)]
    assert row["status"] == "vanished" and row["sha256"] is None
    assert str(brief) not in out.paths()


def test_links_and_fifos_are_never_followed_or_opened(watching, tmp_path):
    www, case, out, stop = watching
    secret = tmp_path / "secret.php"
    secret.write_bytes(SHELL)  # outside the watched tree: must not be read through the link
    link = www / "link.php"
    link.symlink_to(secret)
    fifo = www / "pipe.php"
    os.mkfifo(fifo)
    marker = www / "after.txt"
    marker.write_text("written after the link and the FIFO\n")
    wait_for(lambda: {str(link), str(fifo), str(marker)} <= set(events(case)), "the link, FIFO and marker")
    stop()
    seen = events(case)
    assert seen[str(link)]["status"] == "skipped" and seen[str(link)]["sha256"] is None
    assert seen[str(fifo)]["status"] == "skipped"
    assert str(link) not in out.paths() and str(secret) not in out.paths()


def test_a_file_whose_events_inotify_dropped_is_found_by_the_rescan(watching, monkeypatch):
    from triage import watch

    www, case, out, stop = watching
    deliver = watch._Events.on_any_event

    def lossy(self, event):  # as a full inotify queue does: the event never arrives
        if "dropped" not in os.fsdecode(event.src_path) + os.fsdecode(getattr(event, "dest_path", "") or ""):
            deliver(self, event)

    monkeypatch.setattr(watch._Events, "on_any_event", lossy)
    lost = www / "wp-content" / "dropped.php"
    lost.write_bytes(SHELL)
    wait_for(lambda: str(lost) in out.paths(), "the shell whose events were lost")
    stop()
    assert events(case)[str(lost)]["event"] == "rescan"


@pytest.mark.slow
def test_a_burst_of_ten_thousand_files_with_one_shell_inside(watching):
    www, case, out, stop = watching
    app = www / "app"
    shell = app / "d57" / "lib" / "compat.php"
    written = []
    for i in range(10_000):
        d = app / f"d{i // 100}" / "lib"
        d.mkdir(parents=True, exist_ok=True)
        p = d / f"f{i}.{('html', 'css', 'js', 'txt', 'json')[i % 5]}"
        p.write_text(f"/* part {i} of a perfectly ordinary release */\n")
        written.append(str(p))
    shell.write_bytes(SHELL)
    written.append(str(shell))
    wait_for(lambda: str(shell) in out.paths(), "the shell in the burst", limit=300)

    def all_examined() -> bool:
        n = open_readonly(case).execute("SELECT count(DISTINCT path) FROM watch_events WHERE path LIKE ? "
                                        "AND status = 'scanned'", [f"{app}/%"]).fetchone()[0]
        return n == len(written)

    wait_for(all_examined, "every file of the burst", limit=300)
    stop()
    seen = events(case)
    assert set(written) <= set(seen)
    flagged = {p for p in out.paths() if p.startswith(str(app))}
    assert flagged == {str(shell)}


def test_sigterm_stops_cleanly_sealed_and_exec_gets_the_finding_without_a_shell(tmp_path):
    www = tmp_path / "www"
    www.mkdir()
    (tmp_path / "case").mkdir()
    case = tmp_path / "case" / "w.db"
    got = tmp_path / "exec.out"
    script = ("import json, sys; "
              "open(sys.argv[1], 'a').write(json.dumps(sys.argv[2:]) + '\\n' + sys.stdin.read())")
    cmd = f"{sys.executable} -c \"{script}\" {got} '$(touch {tmp_path}/pwned)' ';' '|'"
    exe = Path(sys.executable).parent / "triage"
    argv = [str(exe), "watch", str(www), "-c", str(case), "--debounce", "0.1", "--exec", cmd]
    proc = subprocess.Popen(argv,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "watching" in proc.stderr.readline()
        (www / "s.php").write_bytes(SHELL)
        finding = json.loads(proc.stdout.readline())
        assert finding["path"] == str(www / "s.php") and finding["verdict"] == "webshell"
        wait_for(lambda: got.exists() and got.read_text().count("\n") >= 2, "the --exec command's output")
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "stopped:" in err
    argv_line, json_line = got.read_text().splitlines()[:2]
    assert json.loads(argv_line) == [f"$(touch {tmp_path}/pwned)", ";", "|"]
    assert json.loads(json_line)["path"] == str(www / "s.php")
    assert not (tmp_path / "pwned").exists()
    db = open_readonly(case)
    assert next(db.query("SELECT status, ended FROM runs"))["status"] == "stopped"
    assert custody.verify(db).intact
    assert not Path(f"{case}-wal").exists() or Path(f"{case}-wal").stat().st_size == 0


def test_a_case_inside_the_watched_tree_is_refused(tmp_path):
    from triage.case import CaseError

    with pytest.raises(CaseError, match="inside the watched directory"):
        Watcher([str(tmp_path)], str(tmp_path / "sub" / "w.db"), argv=[])
