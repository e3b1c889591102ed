"""watch: a live tripwire on the rebuilt server.

Once a hacked server is rebuilt, the team wants to know at once if a web
shell lands again. `Watcher` watches directories (web roots first) with
watchdog's inotify observer; every file created, modified or moved in is
debounced (examined once its events have been quiet for a moment), hashed,
typed with libmagic and judged by the same `triage.scan.Scanner` (rules and
signals) as `triage scan`. Each file examined is a `watch_events` row; a
flagged file's reasons go to `findings` and its score to `file_scores`, and
it is printed as one JSON line on stdout (and piped to --exec's command).

Not losing a file: inotify drops events when its queue overflows (a 10,000
file archive unpacked at once) and misses files written into a directory
before its watch is set. So a directory that had events, or that was created
or moved in, is walked again after a moment; every `rescan` seconds the
directories that changed are walked, and every `full_rescan` seconds (and at
once when watchdog reports an overflow) every watched tree is; a walk
compares each file's (inode, size, mtime, ctime) with the version last
examined. A file that vanished before it could be read, or cannot be read,
is recorded with that status: it existed, briefly, which is worth knowing.

Safety on a live host: files are opened through `Evidence("/")` (O_NOFOLLOW,
O_NONBLOCK, no FIFOs, sockets or devices); symlinks are never followed, and
a descriptor whose real path (/proc/self/fd) is outside the watched trees is
closed unread. --exec gets an argv split with shlex, never a shell.

Stopping: SIGTERM or Ctrl-C ends the loop; what was examined is written in
one last transaction, files still waiting are recorded as `unexamined`, the
run is closed and the case sealed.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import json
import logging
import os
import queue
import shlex
import signal
import stat
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TextIO

import magic
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers.inotify import InotifyObserver

import triage
from triage import custody
from triage.case import BatchWriter, CaseError, open_case, transaction
from triage.evidence import Evidence, EvidenceError
from triage.mounts import mount_of
from triage.scan import SCRIPT_EXTS, FileResult, ScanContext, Scanner
from triage.text import display, raw
from triage.times import iso_ns, now

HEAD = 64 * 1024
EXEC_TIMEOUT = 60
STOPPED = "watch stopped before this file was examined"
DRAIN = 5000


@dataclass
class Settings:
    debounce: float = 0.3
    rescan: float = 10.0
    full_rescan: float = 300.0
    workers: int = 2
    exec_cmd: str | None = None
    scan_existing: bool = False


@dataclass
class Outcome:
    """What examining one file gave."""

    path: str
    event: str
    status: str  # scanned, vanished, unreadable, skipped, outside, unexamined
    detail: str | None = None
    size: int | None = None
    sha256: str | None = None
    mime: str | None = None
    magic: str | None = None
    result: FileResult | None = None
    signature: tuple[int, ...] | None = None
    seen: float = field(default_factory=time.time)

    @property
    def flagged(self) -> bool:
        return self.result is not None and self.result.verdict != "clean"

    def finding(self) -> dict[str, Any]:
        """The JSON line printed (and piped to --exec) for a flagged file."""
        assert self.result is not None
        return {"time": now(), "event": self.event, "path": display(self.path), "sha256": self.sha256,
                "size": self.size, "mime": self.mime, "score": self.result.score,
                "verdict": self.result.verdict,
                "reasons": self.result.reason_texts(),
                "rules": [r.rule for r in self.result.reasons if r.kind == "rule"]}


def _priority(path: str) -> int:
    """0 for what can run on a web server (or has no extension), 1 for the rest."""
    name = path.rsplit("/", 1)[-1]
    stem, dot, ext = name.lstrip(".").rpartition(".")
    if not (dot and stem):
        return 0
    return 0 if ext.lower() in SCRIPT_EXTS or ext.lower() in ("htaccess", "ini", "so") else 1


def signature(st: os.stat_result) -> tuple[int, ...]:
    """What says a file changed since it was examined."""
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class _Events(FileSystemEventHandler):
    """Turns watchdog events into (kind, path, is_dir) items on a queue."""

    def __init__(self, inbox: queue.SimpleQueue[tuple[str, str, bool]]) -> None:
        self.inbox = inbox

    def on_any_event(self, event: FileSystemEvent) -> None:
        kind = event.event_type
        if kind in ("opened", "closed_no_write", "attrib"):
            return
        moved = kind == "moved" and event.dest_path
        path = os.fsdecode(event.dest_path if moved else event.src_path)
        self.inbox.put((kind, path, event.is_directory))


class _Overflow(logging.Handler):
    """watchdog only logs an inotify queue overflow; hearing it triggers a full walk."""

    def __init__(self, inbox: queue.SimpleQueue[tuple[str, str, bool]]) -> None:
        super().__init__(logging.WARNING)
        self.inbox = inbox

    def emit(self, record: logging.LogRecord) -> None:
        if "overflow" in record.getMessage().lower():
            self.inbox.put(("overflow", "", True))


class Watcher:
    """Watch directories, judge what lands in them, record it in a case file."""

    def __init__(self, dirs: list[str], case_path: str, rule_dirs: list[str] | None = None, *,
                 own_rules: bool = True, settings: Settings | None = None, out: TextIO | None = None,
                 operator: str | None = None, argv: list[str] | None = None) -> None:
        self.settings = settings or Settings()
        self.roots = self._roots(dirs, case_path)
        self.out = out or sys.stdout
        self.exec_argv = shlex.split(self.settings.exec_cmd) if self.settings.exec_cmd else None
        context = ScanContext(web_roots=list(self.roots))
        self.scanner = Scanner(rule_dirs, own_rules=own_rules, context=context)
        self.evidence = Evidence("/")
        self.db = open_case(case_path)
        self.writer = BatchWriter(self.db)
        self.inbox: queue.SimpleQueue[tuple[str, str, bool]] = queue.SimpleQueue()
        self.pending: dict[str, tuple[float, str]] = {}  # path -> (due, event)
        self.due_heap: list[tuple[float, int, str]] = []  # (due, seq, path); stale entries skipped
        self.ready: tuple[deque[str], deque[str]] = (deque(), deque())  # server-side code first
        self.queued: set[str] = set()
        self._seq = itertools.count()
        self.in_flight: set[str] = set()
        self.done: queue.SimpleQueue[Outcome] = queue.SimpleQueue()
        self.seen: dict[str, tuple[int, ...]] = {}
        self.changed_dirs: set[str] = set()
        self.dir_walks: dict[str, float] = {}  # dir -> due
        self.stop_event = threading.Event()
        self.counts = {"examined": 0, "flagged": 0, "vanished": 0, "unreadable": 0}
        self._local = threading.local()
        self._exec_queue: queue.Queue[str | None] = queue.Queue()
        self.run_id = self._start_run(operator, argv, rule_dirs)

    # -- set-up ------------------------------------------------------------
    @staticmethod
    def _roots(dirs: list[str], case_path: str) -> list[str]:
        roots = []
        for d in dirs:
            real = os.path.realpath(d)
            if not os.path.isdir(real):
                raise CaseError(f"not a directory to watch: {d!r}")
            roots.append(real)
        case_dir = os.path.realpath(os.path.dirname(os.path.abspath(case_path)))
        for root in roots:
            if os.path.commonpath([case_dir, root]) == root:
                raise CaseError(f"the case file would be inside the watched directory {root!r}: "
                                "watch would see its own writes; put it elsewhere")
        return roots

    def _start_run(self, operator: str | None, argv: list[str] | None, rule_dirs: list[str] | None) -> int:
        import getpass
        import socket

        mounts = {root: mount_of(root) for root in self.roots}
        options = {"dirs": self.roots, "rules": [os.fspath(d) for d in self.scanner.rule_dirs],
                   "debounce": self.settings.debounce, "rescan": self.settings.rescan,
                   "full_rescan": self.settings.full_rescan, "exec": self.exec_argv,
                   "mounts": {r: m and f"{m.source} {m.fstype} {m.options}" for r, m in mounts.items()}}
        first = mounts[self.roots[0]]
        with transaction(self.db):
            return self.db["runs"].insert({
                "command": "watch", "tool_version": triage.__version__, "rules_digest": self.scanner.digest,
                "evidence_root": "/", "analyst_host": socket.gethostname(), "analyst_user": getpass.getuser(),
                "mount_source": first.source if first else None, "mount_fstype": first.fstype if first else None,
                "mount_options": f"{first.options} {first.super_options}" if first else None,
                "mount_readonly": int(first.readonly) if first else None,
                "operator": operator or os.environ.get("TRIAGE_OPERATOR") or getpass.getuser(),
                "argv": json.dumps(argv if argv is not None else sys.argv), "options": json.dumps(options),
                "started": now(), "status": "running",
            }).last_pk

    # -- the loop ----------------------------------------------------------
    def run(self, ready: Callable[[int], None] | None = None) -> dict[str, int]:
        """Watch until stop() (or SIGTERM/SIGINT in the main thread); returns the counts."""
        restore = self._signals()
        observer = InotifyObserver()
        handler = _Events(self.inbox)
        overflow = _Overflow(self.inbox)
        wd_logger = logging.getLogger("watchdog.observers")
        wd_logger.addHandler(overflow)
        status = "stopped"
        pool = ThreadPoolExecutor(max_workers=self.settings.workers, thread_name_prefix="triage-watch")
        exec_thread = threading.Thread(target=self._exec_loop, daemon=True) if self.exec_argv else None
        try:
            for root in self.roots:
                observer.schedule(handler, root, recursive=True)
            observer.start()
            if exec_thread:
                exec_thread.start()
            for root in self.roots:  # the baseline: what is there now is the rebuilt state
                for path, sig in self._walk(root):
                    if self.settings.scan_existing:
                        self._queue(path, "existing", 0.0)
                    else:
                        self.seen[path] = sig
            if ready:
                ready(len(self.seen))
            self._loop(pool)
        except BaseException:
            status = "failed"
            raise
        finally:
            observer.stop()
            observer.join(timeout=10)
            wd_logger.removeHandler(overflow)
            pool.shutdown(wait=True, cancel_futures=True)
            self._collect_done()
            for path, (_due, event) in self.pending.items():
                self._record(Outcome(path, event, "unexamined", STOPPED))
            self.pending.clear()
            self._finish(status)
            if exec_thread:
                self._exec_queue.put(None)
                exec_thread.join(timeout=EXEC_TIMEOUT + 5)
            restore()
        return dict(self.counts)

    def stop(self) -> None:
        self.stop_event.set()
        self.inbox.put(("stop", "", False))

    def _signals(self) -> Callable[[], None]:
        if threading.current_thread() is not threading.main_thread():
            return lambda: None
        old = {s: signal.signal(s, lambda *_: self.stop()) for s in (signal.SIGTERM, signal.SIGINT)}

        def restore() -> None:
            for s, h in old.items():
                signal.signal(s, h)

        return restore

    def _loop(self, pool: ThreadPoolExecutor) -> None:
        next_rescan = time.monotonic() + self.settings.rescan
        next_full = time.monotonic() + self.settings.full_rescan
        last_flush = time.monotonic()
        while not self.stop_event.is_set():
            now_m = time.monotonic()
            wait = min([next_rescan, next_full, *self.dir_walks.values(),
                        *(self.due_heap[0][:1] if self.due_heap else ())]) - now_m
            if self.ready[0] or self.ready[1]:
                wait = min(wait, 0.2)
            if self.writer.count:
                wait = min(wait, 0.2)
            try:
                item = self.inbox.get(timeout=max(0.0, min(wait, 1.0)) if wait > 0 else 0)
                self._event(*item)
                for _ in range(DRAIN):  # take a burst's events together, yet keep examining under a flood
                    self._event(*self.inbox.get_nowait())
            except queue.Empty:
                pass
            now_m = time.monotonic()
            for d, due in list(self.dir_walks.items()):
                if due <= now_m:
                    del self.dir_walks[d]
                    self._rescan([d])
            if now_m >= next_rescan:
                dirs, self.changed_dirs = sorted(self.changed_dirs), set()
                self._rescan(dirs)
                next_rescan = now_m + self.settings.rescan
            if now_m >= next_full:
                self._rescan(self.roots)
                next_full = now_m + self.settings.full_rescan
            self._promote(now_m)
            self._dispatch(pool, now_m)
            self._collect_done()
            if self.writer.count >= 500 or (self.writer.count and now_m - last_flush >= 0.2):
                self.writer.flush()
                last_flush = now_m

    def _event(self, kind: str, path: str, is_dir: bool) -> None:
        if kind in ("stop", "done"):
            return
        if kind == "overflow":
            for root in self.roots:
                self.dir_walks[root] = time.monotonic() + self.settings.debounce
            return
        if not self._inside(path):
            return
        parent = os.path.dirname(path)
        self.changed_dirs.add(parent)
        if is_dir:
            if kind in ("created", "moved"):  # its contents may have landed before its watch was set
                self.dir_walks[path] = time.monotonic() + self.settings.debounce
            return
        self._queue(path, kind, self.settings.debounce)

    def _queue(self, path: str, kind: str, delay: float) -> None:
        old = self.pending.get(path)
        event = old[1] if old and old[1] in ("created", "moved") else kind
        due = time.monotonic() + delay
        self.pending[path] = (due, event)
        heapq.heappush(self.due_heap, (due, next(self._seq), path))

    def _inside(self, path: str) -> bool:
        return any(path == r or path.startswith(r.rstrip("/") + "/") for r in self.roots)

    def _walk(self, top: str) -> Iterator[tuple[str, tuple[int, ...]]]:
        """Regular files under top, by lstat: links are never followed, other kinds skipped."""
        stack = [top]
        while stack:
            d = stack.pop()
            try:
                with os.scandir(d) as it:
                    entries = list(it)
            except OSError:
                continue
            for e in entries:
                try:
                    st = e.stat(follow_symlinks=False)
                except OSError:
                    continue
                if stat.S_ISDIR(st.st_mode):
                    stack.append(e.path)
                elif stat.S_ISREG(st.st_mode):
                    yield e.path, signature(st)

    def _rescan(self, dirs: list[str]) -> None:
        """Queue every file under dirs whose version was not examined yet."""
        for d in dirs:
            if not os.path.isdir(d) or not self._inside(d):
                continue
            for path, sig in self._walk(d):
                if self.seen.get(path) != sig and path not in self.pending and path not in self.in_flight:
                    self._queue(path, "rescan", 0.0)

    def _promote(self, now_m: float) -> None:
        """Files whose events have been quiet long enough join the ready queues."""
        while self.due_heap and self.due_heap[0][0] <= now_m:
            due, _seq, path = heapq.heappop(self.due_heap)
            entry = self.pending.get(path)
            if entry is None or entry[0] != due or path in self.queued:
                continue  # superseded by a later event, or already waiting
            self.queued.add(path)
            self.ready[_priority(path)].append(path)

    def _dispatch(self, pool: ThreadPoolExecutor, now_m: float) -> None:
        """Hand ready files to the workers, server-side code first, a few at a time.

        Only a few files wait in the pool, so a shell landing in the middle of
        a 10,000-file unpack is examined next, not after the whole unpack.
        """
        room = self.settings.workers * 4 - len(self.in_flight)
        while room > 0 and (self.ready[0] or self.ready[1]):
            path = (self.ready[0] or self.ready[1]).popleft()
            self.queued.discard(path)
            entry = self.pending.get(path)
            if entry is None or entry[0] > now_m:
                continue  # gone, or written again since: the heap brings it back when quiet
            if path in self.in_flight:  # being examined: look again once that is done
                self._queue(path, entry[1], self.settings.debounce)
                continue
            del self.pending[path]
            self.in_flight.add(path)
            future: Future[Outcome] = pool.submit(self._examine, path, entry[1])
            future.add_done_callback(lambda f, p=path, e=entry[1]: self._finished(f, p, e))
            room -= 1

    def _finished(self, future: Future[Outcome], path: str, event: str) -> None:
        self.done.put(self._result_of(future, path, event))
        self.inbox.put(("done", "", False))  # wakes the loop to record it and hand out the next file

    @staticmethod
    def _result_of(future: Future[Outcome], path: str, event: str) -> Outcome:
        if future.cancelled():
            return Outcome(path, event, "unexamined", STOPPED)
        exc = future.exception()
        if exc is not None:  # a bug or a hostile file must not stop the watch
            return Outcome(path, event, "unreadable", f"{type(exc).__name__}: {exc}")
        return future.result()

    def _collect_done(self) -> None:
        while True:
            try:
                outcome = self.done.get_nowait()
            except queue.Empty:
                return
            self.in_flight.discard(outcome.path)
            self._record(outcome)

    # -- one file ----------------------------------------------------------
    def _typer(self) -> tuple[magic.Magic, magic.Magic]:
        if not hasattr(self._local, "typer"):
            self._local.typer = (magic.Magic(mime=True), magic.Magic())
        return self._local.typer

    def _examine(self, path: str, event: str) -> Outcome:
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return Outcome(path, event, "vanished", "gone before it could be read")
        except OSError as exc:
            return Outcome(path, event, "unreadable", exc.strerror or str(exc))
        if stat.S_ISLNK(st.st_mode):
            return Outcome(path, event, "skipped", "symlink (never followed)", signature=signature(st))
        if not stat.S_ISREG(st.st_mode):
            return Outcome(path, event, "skipped", "not a regular file (never opened)",
                           signature=signature(st))
        try:
            fd = self.evidence.open_fd(path, follow=False)
        except EvidenceError as exc:
            status = "vanished" if "no such file" in exc.what else "unreadable"
            return Outcome(path, event, status, exc.what)
        try:
            real = os.readlink(f"/proc/self/fd/{fd}")
            if not self._inside(real):
                return Outcome(path, event, "outside", f"resolves outside the watched trees: {display(real)}")
            fst = os.fstat(fd)
            data, _total = self.scanner.read(fd, fst.st_size)
        except OSError as exc:
            return Outcome(path, event, "unreadable", f"read failed: {exc.strerror or exc}")
        finally:
            os.close(fd)
        digest = hashlib.sha256(data).hexdigest()
        mime_m, desc_m = self._typer()
        try:
            mime, desc = mime_m.from_buffer(data[:HEAD]), None
        except magic.MagicException as exc:
            mime, desc = None, f"libmagic failed: {exc}"
        try:
            st2 = self.evidence.lstat(path)
            owner = self.evidence.user_names().get(st2.uid)
            info = st2
        except EvidenceError:
            info, owner = None, None
        result = self.scanner.scan(path, data, info, mime=mime, owner=owner)
        result.sha256 = digest
        if result.verdict != "clean" and desc is None:  # the long description costs: kept for findings
            try:
                desc = desc_m.from_buffer(data[:HEAD])
            except magic.MagicException as exc:
                desc = f"libmagic failed: {exc}"
        digest_note = f"only the first {len(data):,} bytes hashed and scanned" if len(data) < fst.st_size else None
        return Outcome(path, event, "scanned", digest_note, fst.st_size, digest, mime, desc, result,
                       signature(fst))

    # -- recording -----------------------------------------------------------
    def _record(self, o: Outcome) -> None:
        if o.signature is not None:
            self.seen[o.path] = o.signature
        if o.status == "scanned":
            self.counts["examined"] += 1
        elif o.status in self.counts:
            self.counts[o.status] += 1
        r = o.result
        self.writer.add("watch_events", {
            "run_id": self.run_id, "time": iso_ns(int(o.seen * 1e9)), "event": o.event,
            "path": display(o.path),
            "path_raw": raw(o.path), "size": o.size, "sha256": o.sha256, "mime": o.mime, "magic": o.magic,
            "score": r.score if r else None, "verdict": r.verdict if r else None, "status": o.status,
            "detail": o.detail})
        if not o.flagged or r is None:
            return
        self.counts["flagged"] += 1
        path = display(o.path)
        for reason in r.reasons:
            self.writer.add("findings", {"run_id": self.run_id, "path": path, "sha256": o.sha256,
                                         "kind": reason.kind, "rule": reason.rule,
                                         "category": reason.category,
                                         "score": reason.score, "description": reason.description,
                                         "detail": reason.detail, "ruleset": reason.ruleset})
        self.writer.flush([("INSERT OR REPLACE INTO file_scores (run_id, path, sha256, score, verdict, "
                            "reasons, obfuscation, top_rule) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            [self.run_id, path, o.sha256, r.score, r.verdict, json.dumps(r.reason_texts()),
                             r.obfuscation, r.reasons[0].rule if r.reasons else None])])
        line = json.dumps(o.finding(), ensure_ascii=True)
        self.out.write(line + "\n")
        self.out.flush()
        if self.exec_argv:
            self._exec_queue.put(line)

    def _exec_loop(self) -> None:
        assert self.exec_argv is not None
        while (line := self._exec_queue.get()) is not None:
            try:
                proc = subprocess.run(self.exec_argv, input=(line + "\n").encode(), stdout=subprocess.DEVNULL,
                                      timeout=EXEC_TIMEOUT, check=False)
                problem = f"exited with {proc.returncode}" if proc.returncode else None
            except (OSError, subprocess.TimeoutExpired) as exc:
                problem = str(exc)
            if problem:
                command = display(shlex.join(self.exec_argv))
                print(f"triage watch: --exec {command}: {problem}", file=sys.stderr)

    def _finish(self, status: str) -> None:
        self.writer.flush()
        with transaction(self.db):
            self.db.execute("UPDATE runs SET ended = ?, status = ?, row_counts = ? WHERE id = ?",
                            [now(), status, json.dumps(self.counts), self.run_id])
        custody.seal(self.db, self.run_id)
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.conn.close()
