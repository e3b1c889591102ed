"""files: every object in the image, with its metadata, hashes and type.

The inventory is the base of everything else: what exists, who owns it, when
it changed (birth time included where the filesystem keeps one), what it
really is (libmagic) and its md5/sha1/sha256 to look up, block and compare
with packages. Links are listed, never followed; FIFOs, sockets and devices
are listed, never opened.

Speed: the walk and the rows stay in this process; hashing and libmagic run
in worker processes. Each file is read once, in 1 MiB blocks, feeding all
three hashes; libmagic sees only the first 64 KiB. Files are routed to a
worker by their size, so identical contents always meet the same worker and
its cache runs libmagic once per unique content. libmagic's description pass
is the costly one; the MIME pass is skipped when the description (digits
masked) has mapped to the same MIME type three times running and never to two.
"""

from __future__ import annotations

import hashlib
import os
import queue
import re
import stat
from collections import deque
from collections.abc import Iterator
from typing import Any

from triage import procs
from triage.evidence import Entry, Evidence, EvidenceError, SymlinkLoop
from triage.runner import Context, Error
from triage.text import display, raw
from triage.times import iso_ns

ORDER = 0
RESUMABLE = True

HEAD = 64 * 1024
BLOCK = 1 << 20
BATCH_FILES = 64
BATCH_BYTES = 32 << 20
MAX_IN_FLIGHT = 20_000
VERIFY = 3


def collect(evidence: Evidence, ctx: Context) -> Iterator[dict[str, Any] | Error]:
    tops = ctx.options.get("paths") or ["/"]
    excludes = ctx.options.get("path_excludes") or []
    done = ctx.resume_keys("path_raw")
    users, groups = evidence.user_names(), evidence.group_names()
    walk_errors: list[EvidenceError] = []
    with Hasher(evidence.root, ctx.options.get("workers") or os.cpu_count() or 1) as hasher:
        for top in tops:
            for entry in evidence.walk(top, excludes, onerror=walk_errors.append):
                while walk_errors:
                    yield Error.of(walk_errors.pop(0))
                if raw(entry.path) in done:
                    continue
                row = stat_row(evidence, entry, users, groups)
                if entry.stat.kind == "symlink":
                    try:  # where the link lands inside the image; a dangling one lands nowhere
                        row["link_resolved"] = display(evidence.resolve(entry.path))
                    except SymlinkLoop as exc:
                        yield Error.of(exc)
                    except EvidenceError:
                        pass
                if entry.stat.kind == "file":
                    hasher.submit(entry.path, row)
                    yield from hasher.ready()
                else:
                    yield row
            while walk_errors:
                yield Error.of(walk_errors.pop(0))
        yield from hasher.drain()


def stat_row(evidence: Evidence, entry: Entry, users: dict[int, str], groups: dict[int, str]) -> dict[str, Any]:
    st, path = entry.stat, entry.path
    name = path.rsplit("/", 1)[-1]
    stem, dot, suffix = name.lstrip(".").rpartition(".")
    target = None
    if st.kind == "symlink":
        try:
            target = evidence.readlink(path)
        except EvidenceError:
            target = None
    return {
        "path": display(path), "path_raw": raw(path), "name": display(name),
        "ext": display(suffix.lower()) if dot and stem else None,
        "type": st.kind, "mode": st.mode, "perms": stat.filemode(st.mode),
        "uid": st.uid, "gid": st.gid, "owner": users.get(st.uid), "group_name": groups.get(st.gid),
        "size": st.size, "inode": st.ino, "nlink": st.nlink, "dev": st.dev,
        "atime": iso_ns(st.atime_ns), "mtime": iso_ns(st.mtime_ns), "ctime": iso_ns(st.ctime_ns),
        "btime": iso_ns(st.btime_ns),
        "link_target": display(target) if target is not None else None,
        "link_target_raw": raw(target) if target is not None else None,
        "suid": int(bool(st.mode & stat.S_ISUID)), "sgid": int(bool(st.mode & stat.S_ISGID)),
        "sticky": int(bool(st.mode & stat.S_ISVTX)),
        "world_writable": int(st.kind != "symlink" and bool(st.mode & stat.S_IWOTH)),
    }


class Typer:
    """libmagic once per unique content, with the MIME pass cached by description."""

    def __init__(self) -> None:
        import magic

        self._magic = magic
        self._desc = magic.Magic()
        self._mime = magic.Magic(mime=True)
        self._by_content: dict[str, tuple[str | None, str | None]] = {}
        self._by_desc: dict[str, str] = {}
        self._checks: dict[str, tuple[str, int]] = {}
        self._ambiguous: set[str] = set()

    def type(self, sha256: str, head: bytes) -> tuple[str | None, str | None]:
        hit = self._by_content.get(sha256)
        if hit is not None:
            return hit
        try:
            desc = self._desc.from_buffer(head)
            key = re.sub(r"\d+", "#", desc)
            mime = self._by_desc.get(key)
            if mime is None:
                mime = self._mime.from_buffer(head)
                self._learn(key, mime)
        except self._magic.MagicException as exc:
            mime, desc = None, f"libmagic failed: {exc}"
        if len(self._by_content) > 500_000:
            self._by_content.clear()
        self._by_content[sha256] = (mime, desc)
        return mime, desc

    def _learn(self, key: str, mime: str) -> None:
        if key in self._ambiguous:
            return
        seen, n = self._checks.get(key, (mime, 0))
        if seen != mime:
            self._ambiguous.add(key)
            return
        self._checks[key] = (mime, n + 1)
        if n + 1 >= VERIFY:
            self._by_desc[key] = mime


def _hash_one(evidence: Evidence, path: str, view: memoryview, typer: Typer | None) -> tuple[Any, ...]:
    try:
        fd = evidence.open_fd(path, follow=False)
    except EvidenceError as exc:
        return None, None, None, None, None, exc.what
    md5, sha1, sha256 = hashlib.md5(), hashlib.sha1(), hashlib.sha256()
    head = b""
    try:
        while True:
            n = os.readv(fd, [view])
            if not n:
                break
            chunk = view[:n]
            if not head:
                head = bytes(chunk[:HEAD])
            md5.update(chunk)
            sha1.update(chunk)
            sha256.update(chunk)
    except OSError as exc:
        return None, None, None, None, None, f"read failed: {exc.strerror or exc}"
    finally:
        os.close(fd)
    digest = sha256.hexdigest()
    mime, desc = typer.type(digest, head) if typer else (None, None)
    return md5.hexdigest(), sha1.hexdigest(), digest, mime, desc, None


def _worker(root: str, number: int, inbox: Any, outbox: Any, typing: bool) -> None:
    evidence = Evidence(root)
    typer = Typer() if typing else None
    view = memoryview(bytearray(BLOCK))
    while True:
        batch = inbox.get()
        if batch is None:
            return
        out = []
        for seq, path in batch:
            try:
                out.append((seq, *_hash_one(evidence, path, view, typer)))
            except Exception as exc:  # noqa: BLE001 - one odd file must not stop the worker
                out.append((seq, None, None, None, None, None, f"{type(exc).__name__}: {exc}"))
        outbox.put((number, out))


class Hasher:
    """Worker processes that hash and type files; rows come back when done.

    If a worker dies (libmagic crashing on a hostile file, say) it is
    restarted and its unfinished files are retried one by one; a file that
    kills a worker twice is recorded as an error and keeps its stat row.
    """

    def __init__(self, root: str, workers: int, typing: bool = True) -> None:
        self._typing = typing
        self._ctx = procs.context()
        self._root = root
        self._n = max(1, workers)
        self._outbox = self._ctx.Queue()
        self._procs: list[Any] = [None] * self._n
        self._inboxes: list[Any] = [None] * self._n
        self._batches: list[list[tuple[int, str]]] = [[] for _ in range(self._n)]
        self._batch_bytes = [0] * self._n
        self._outstanding: list[deque[tuple[list[tuple[int, str]], bool]]] = [deque() for _ in range(self._n)]
        self._pending: dict[int, dict[str, Any]] = {}
        self._done: deque[dict[str, Any] | Error] = deque()
        self._seq = 0
        self._sent = 0
        for i in range(self._n):
            self._start(i)

    def _start(self, i: int) -> None:
        if self._inboxes[i] is not None:  # a dead worker's queue: drop what it still buffers
            self._inboxes[i].cancel_join_thread()
            self._inboxes[i].close()
        self._inboxes[i] = self._ctx.Queue()
        self._procs[i] = self._ctx.Process(target=_worker, args=(self._root, i, self._inboxes[i], self._outbox,
                                                                        self._typing),
                                           daemon=True)
        self._procs[i].start()

    def __enter__(self) -> Hasher:
        return self

    def __exit__(self, exc_type: object, *_exc: object) -> None:
        if exc_type is None:  # done: let workers finish politely
            for i, p in enumerate(self._procs):
                if p.is_alive():
                    self._inboxes[i].put(None)
        else:  # interrupted: workers die now and their queues are not flushed at exit
            for q in [*self._inboxes, self._outbox]:
                q.cancel_join_thread()
        for p in self._procs:
            p.join(timeout=5 if exc_type is None else 0)
            if p.is_alive():
                p.kill()
                p.join()

    def submit(self, path: str, row: dict[str, Any]) -> None:
        seq = self._seq = self._seq + 1
        self._pending[seq] = row
        size = row["size"] or 0
        w = ((size * 0x9E3779B1) >> 16) % self._n  # same size, same worker: same content, same cache
        self._batches[w].append((seq, path))
        self._batch_bytes[w] += size
        if len(self._batches[w]) >= BATCH_FILES or self._batch_bytes[w] >= BATCH_BYTES:
            self._send(w)
        while len(self._pending) > MAX_IN_FLIGHT:
            self._receive(block=True)

    def _send(self, w: int, batch: list[tuple[int, str]] | None = None, retry: bool = False) -> None:
        if batch is None:
            batch, self._batches[w], self._batch_bytes[w] = self._batches[w], [], 0
        if batch:
            self._outstanding[w].append((batch, retry))
            self._inboxes[w].put(batch)
            self._sent += 1

    def ready(self) -> Iterator[dict[str, Any] | Error]:
        if self._sent:  # polling the queue costs ~50 us: once a batch sent, not once a file
            self._sent = 0
            self._receive(block=False)
        while self._done:
            yield self._done.popleft()

    def drain(self) -> Iterator[dict[str, Any] | Error]:
        for w in range(self._n):
            self._send(w)
        while self._pending:
            self._receive(block=True)
            while self._done:
                yield self._done.popleft()
        while self._done:
            yield self._done.popleft()

    def _receive(self, block: bool) -> None:
        while True:
            try:
                w, results = self._outbox.get(timeout=1.0) if block else self._outbox.get_nowait()
            except queue.Empty:
                if block:
                    self._check_workers()
                    if not self._pending:
                        return
                    continue
                return
            self._outstanding[w].popleft()
            for seq, md5, sha1, sha256, mime, desc, error in results:
                row = self._pending.pop(seq)
                row.update(md5=md5, sha1=sha1, sha256=sha256, mime=mime, magic=desc)
                if error:
                    self._done.append(Error(row["path"], error))
                self._done.append(row)
            if block:
                return

    def _check_workers(self) -> None:
        for w, proc in enumerate(self._procs):
            if proc.is_alive() or not self._outstanding[w]:
                continue
            culprit, was_retry = self._outstanding[w].popleft()
            rest = [item for batch, _ in self._outstanding[w] for item in batch]
            self._outstanding[w].clear()
            self._start(w)
            if was_retry:
                for seq, _path in culprit:
                    row = self._pending.pop(seq)
                    self._done.append(Error(row["path"], "hashing or libmagic crashed its worker on this file; "
                                                         "no hashes or type"))
                    self._done.append(row)
            else:
                rest = culprit + rest
            for item in rest:
                self._send(w, [item], retry=True)
