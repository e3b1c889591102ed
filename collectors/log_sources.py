"""log_sources: every web, auth and system log file, parsed into access_log, error_log and auth_events.

Finds logs where the web-server configs say (CustomLog, ErrorLog, nginx
access_log/error_log, from the vhosts rows) and in the usual places, with
their rotations (.1, .2.gz, .bz2, .xz, -20240301 dateext). Access logs are read
with the vhost's own LogFormat/log_format, falling back to the well-known
formats line by line. auth.log/secure/syslog/messages give sshd, sudo, su,
user and group changes, cron and logind sessions in auth_events, their
year-less times placed by the file's last write and rotation order, in the
image's time zone. systemd journal files are listed (not parsed).

Why a responder cares: the logs are what says how the attacker came in and
when. Each file gets one log_sources row (first and last time, lines read,
parsed, unparsed) so the report can say what the logs cover and where they
have holes. An unreadable line is counted and sampled into errors, never
fatal; every parsed field keeps the text as logged (escaped only on display).

Speed: files are parsed in worker processes, several at once; rows come back
in batches of tuples and go to the case through the runner's bulk path.
"""

from __future__ import annotations

import json
import marshal
import os
import posixpath
import queue
import re
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timezone, tzinfo
from typing import Any

from triage import imagefacts, procs, syslog
from triage.evidence import Evidence, EvidenceError
from triage.logformat import (
    ACCESS_COLUMNS,
    APACHE_NICKNAMES,
    NGINX_COMBINED,
    AccessParser,
    LineFormat,
    apache_format,
    nginx_format,
    why_unparsed,
)
from triage.runner import Context, Error, Rows
from triage.text import decode, display

TABLES = ("log_sources", "access_log", "error_log", "auth_events")
ORDER = 40
BULK = True  # the runner builds the tables' indexes once, after the load
BATCH = 4000
MAX_LINE = 1 << 20
SAMPLES = 20  # unparsed lines recorded per file; the rest are counted
SAMPLE_CHARS = 500
BOMB_RATIO = 100  # a compressed log may expand this much (plus BOMB_FLOOR) before we call it a bomb
BOMB_FLOOR = 64 << 20

WEB_DIRS = (
    "/var/log/apache2",
    "/var/log/httpd",
    "/var/log/apache",
    "/var/log/nginx",
    "/usr/local/apache2/logs",
    "/usr/local/apache/logs",
    "/var/log/lighttpd",
    "/opt/lampp/logs",
    "/var/www/*/logs",
    "/home/*/logs",
    "/var/log/virtualmin",
)
SYSLOG_BASES = ("/var/log/auth.log", "/var/log/secure", "/var/log/syslog", "/var/log/messages")
JOURNALS = ("/var/log/journal/*/*.journal*", "/run/log/journal/*/*.journal*")
AUTH_COLUMNS = (
    "source",
    "line",
    "time",
    "time_text",
    "host",
    "program",
    "pid",
    "event",
    "user",
    "client_ip",
    "port",
    "method",
    "detail",
    "raw",
)
ERROR_COLUMNS = ("source", "line", "time", "time_text", "level", "module", "client_ip", "message")
_ROTATED = re.compile(r"^(?P<base>.+?)(?:\.(?P<n>\d+)|-(?P<date>\d{8}(?:\d{2})?))?(?P<z>\.(?:gz|bz2|xz))?$")


def collect(evidence: Evidence, ctx: Context) -> Iterator[Any]:
    tasks = list(discover(evidence, ctx))
    for path in _journals(evidence):
        st = evidence.lstat(path)
        yield {
            "path": display(path),
            "kind": "journal",
            "size": st.size,
            "compressed": 0,
            "detail": "systemd journal: listed, not parsed",
        }
    if not tasks:
        return
    workers = max(1, min(int(ctx.options.get("workers") or os.cpu_count() or 1), len(tasks)))
    yield from _run(evidence.root, tasks, workers)


# -- finding the files -------------------------------------------------------------------------------
def rotations(evidence: Evidence, base: str) -> list[str]:
    """base and its rotated copies, newest first (base, .1, .2.gz ..., then dateext newest first)."""
    found = [base] if evidence.is_file(base) else []
    numbered, dated = [], []
    for path in evidence.glob(base + ".*") + evidence.glob(base + "-*"):
        m = _ROTATED.match(path)
        if not m or m.group("base") != base or not evidence.is_file(path):
            continue
        if m.group("n"):
            numbered.append((int(m.group("n")), path))
        elif m.group("date"):
            dated.append((m.group("date"), path))
        elif m.group("z"):
            numbered.append((0, path))
    return found + [p for _, p in sorted(numbered)] + [p for _, p in sorted(dated, reverse=True)]


def _journals(evidence: Evidence) -> list[str]:
    return [p for pattern in JOURNALS for p in evidence.glob(pattern) if evidence.is_file(p)]


def _config_path(path: str, source: str) -> str | None:
    path = path.strip()
    if path.startswith("|"):  # piped: |/usr/bin/rotatelogs /var/log/apache2/x.%Y 86400
        args = path[1:].split()
        path = next((a for a in args[1:] if a.startswith("/")), "")
        path = re.sub(r"%[A-Za-z].*$", "", path)
    if not path or path.startswith(("syslog", "stderr", "/dev/", "memory:")):
        return None
    if not path.startswith("/"):
        top = "/".join(source.split("/")[:3]) if source.startswith("/etc/") else "/etc/nginx"
        path = posixpath.join(top, path)
    return posixpath.normpath(path)


def discover(evidence: Evidence, ctx: Context) -> Iterator[dict[str, Any]]:
    """Tasks for the workers: each access or error log (with rotations) and each syslog family."""
    seen: set[str] = set()
    vhosts = ctx.query("SELECT * FROM vhosts ORDER BY id") if ctx.db["vhosts"].exists() else []
    writers: dict[str, set[str | None]] = {}  # a log several vhosts share names none of them
    for vh in vhosts:
        for log in json.loads(vh["access_logs"] or "[]"):
            writers.setdefault(_config_path(log.get("path") or "", vh["source"] or "") or "", set()).add(vh["name"])
    for vh in vhosts:
        for log in json.loads(vh["access_logs"] or "[]"):
            base = _config_path(log.get("path") or "", vh["source"] or "")
            if not base:
                continue
            fmt = log.get("format")
            kind = "nginx" if vh["server"] == "nginx" else "apache"
            if kind == "nginx" and not fmt:
                fmt = NGINX_COMBINED
            if kind == "apache" and fmt in APACHE_NICKNAMES:
                fmt = APACHE_NICKNAMES[fmt]
            for path in rotations(evidence, base):
                if path not in seen:
                    seen.add(path)
                    yield {
                        "kind": "access",
                        "path": path,
                        "formats": [(kind, fmt)] if fmt else [],
                        "vhost": vh["name"] if len(writers.get(base, ())) == 1 else None,
                    }
        for log in json.loads(vh["error_logs"] or "[]"):
            base = _config_path(log, vh["source"] or "")
            for path in rotations(evidence, base) if base else []:
                if path not in seen:
                    seen.add(path)
                    yield {"kind": "error", "path": path}
    for pattern in WEB_DIRS:
        for d in evidence.glob(pattern):
            try:
                names = evidence.listdir(d)
            except EvidenceError:
                continue
            for name in names:
                path = posixpath.join(d, name)
                if path in seen or not evidence.is_file(path):
                    continue
                low = name.lower()
                kind = (
                    "access" if "access" in low or "request" in low else "error" if "error" in low else None
                )
                if kind:
                    seen.add(path)
                    task: dict[str, Any] = {"kind": kind, "path": path}
                    if kind == "access":
                        task.update(formats=[], vhost=None)
                    yield task
    for base in SYSLOG_BASES:
        files = [p for p in rotations(evidence, base) if p not in seen]
        seen.update(files)
        if files:
            yield {"kind": "syslog", "paths": files, "auth_only": base.endswith(("syslog", "messages"))}


# -- running the workers -------------------------------------------------------------------------------
def _run(root: str, tasks: list[dict[str, Any]], workers: int) -> Iterator[Any]:
    ctx = procs.context()
    inbox: Any = ctx.Queue()
    outbox: Any = ctx.Queue(maxsize=64)
    # Big files first, so the last worker is not left alone with the largest.
    for task in sorted(tasks, key=lambda t: -_size(root, t)):
        inbox.put(task)
    running = [ctx.Process(target=_worker, args=(root, inbox, outbox), daemon=True) for _ in range(workers)]
    for _ in running:
        inbox.put(None)
    for p in running:
        p.start()
    pending = len(tasks)
    try:
        while pending:
            try:
                msg = outbox.get(timeout=2.0)
            except queue.Empty:
                if not any(p.is_alive() for p in running):
                    yield Error(None, f"log workers ended with {pending} log task(s) unfinished")
                    return
                continue
            what = msg[0]
            if what == "rows":
                yield Rows(msg[1], msg[2], marshal.loads(msg[3]))  # noqa: S302 - our own workers wrote it
            elif what == "error":
                yield Error(msg[1], msg[3], msg[2])
            elif what == "source":
                yield msg[1]
            elif what == "done":
                pending -= 1
    finally:
        for p in running:
            p.join(timeout=5)
            if p.is_alive():
                p.kill()
                p.join()


def _size(root: str, task: dict[str, Any]) -> int:
    try:
        ev = Evidence(root)
        return sum(ev.lstat(p).size for p in task.get("paths") or [task["path"]])
    except EvidenceError:
        return 0


class _Wire:
    """The queue to the writer as the parsers see it: a batch of rows travels marshalled.

    marshal writes and reads tuples of str, int and None about twice as fast as pickle
    (which the queue then only has to wrap around one bytes object), on both sides of
    the pipe; the writer is what bounds the load."""

    def __init__(self, queue: Any) -> None:
        self.queue = queue

    def put(self, msg: tuple) -> None:
        if msg[0] == "rows":
            msg = (msg[0], msg[1], msg[2], marshal.dumps(msg[3]))
        self.queue.put(msg)


def _worker(root: str, inbox: Any, queue: Any) -> None:
    evidence = Evidence(root)
    outbox = _Wire(queue)
    zone = None
    while True:
        task = inbox.get()
        if task is None:
            return
        try:
            if task["kind"] == "access":
                _access(evidence, task, outbox)
            elif task["kind"] == "error":
                _error_log(evidence, task, outbox)
            else:
                if zone is None:
                    zone = image_zone(evidence)
                _syslog(evidence, task, zone, outbox)
        except Exception as exc:  # noqa: BLE001 - a parser bug on one file must not lose the others
            outbox.put(
                (
                    "error",
                    task.get("path") or task["paths"][0],
                    None,
                    f"log parsing stopped: {type(exc).__name__}: {exc}",
                )
            )
        outbox.put(("done",))


class _Tally:
    """Per-file counts, times and the sampled unparsed lines."""

    def __init__(self, path: str, kind: str, outbox: Any) -> None:
        self.path, self.kind, self.outbox = path, kind, outbox
        self.lines = self.parsed = self.errors = 0
        self.first: str | None = None
        self.last: str | None = None
        self.reasons: Counter[str] = Counter()
        self.detail: list[str] = []

    def unparsed(self, number: int, line: bytes, reason: str) -> None:
        self.errors += 1
        self.reasons[reason] += 1
        if self.errors <= SAMPLES:
            self.outbox.put(
                (
                    "error",
                    self.path,
                    number,
                    f"unparsed line ({reason}): {display(line[:SAMPLE_CHARS])}"
                    + (f" ... ({len(line)} bytes)" if len(line) > SAMPLE_CHARS else ""),
                )
            )

    def times(self, first: str | None, last: str | None) -> None:
        if first and (self.first is None or first < self.first):
            self.first = first
        if last and (self.last is None or last > self.last):
            self.last = last

    def finish(self, evidence: Evidence, fmt: str | None = None) -> None:
        if self.errors > SAMPLES:
            self.outbox.put(
                (
                    "error",
                    self.path,
                    None,
                    f"{self.errors} unparsed lines in all (first {SAMPLES} recorded): "
                    + ", ".join(f"{r}: {n}" for r, n in self.reasons.most_common()),
                )
            )
        try:
            st = evidence.lstat(self.path)
            size = st.size
            with evidence.open(self.path) as fh:
                head = fh.read(6)
        except (EvidenceError, OSError):
            size, head = None, b""
        compressed = head.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ"))
        self.outbox.put(
            (
                "source",
                {
                    "path": display(self.path),
                    "kind": self.kind,
                    "first_time": self.first,
                    "last_time": self.last,
                    "lines": self.lines,
                    "parsed": self.parsed,
                    "errors": self.errors,
                    "size": size,
                    "compressed": int(compressed),
                    "format": fmt,
                    "detail": "; ".join(self.detail) or None,
                },
            )
        )


def _cap(evidence: Evidence, path: str) -> int:
    try:
        return evidence.lstat(path).size * BOMB_RATIO + BOMB_FLOOR
    except EvidenceError:
        return BOMB_FLOOR


def _lines(evidence: Evidence, path: str, tally: _Tally) -> Iterator[tuple[int, bytes]]:
    """Lines of a (maybe compressed) log; a read or decompression failure ends the file with an error."""
    number = 0
    try:
        for number, raw in evidence.raw_lines(path, max_line=MAX_LINE, decompress=True,
                                              max_output=_cap(evidence, path)):
            yield number, raw
    except EvidenceError as exc:
        tally.detail.append(f"stopped early: {exc.what}")
        tally.outbox.put(("error", path, number or None, f"{exc.what} (lines before kept)"))


_ESCAPE_BAD = {0xDC00 + b: f"\\x{b:02x}" for b in range(0x80, 0x100)}


def _decode(raw: bytes) -> str:
    """triage.text.decode's result (bad bytes as \\xNN), at C speed for lines full of binary.

    Python's backslashreplace decoding calls its handler once a bad byte. When no valid
    multi-byte character is present (the usual binary overflow), every non-ASCII byte is a
    bad one, and Latin-1 decoding plus backslashreplace *encoding* (done inline in C) writes
    the same \\xNN text."""
    try:
        return raw.decode()
    except UnicodeDecodeError:
        if raw.decode("utf-8", "ignore").isascii():
            return raw.decode("latin-1").encode("ascii", "backslashreplace").decode("ascii")
        return raw.decode("utf-8", "surrogateescape").translate(_ESCAPE_BAD)


def _escape(text: str) -> str:
    """A field read from surrogateescape text, as _decode would have written it.

    When every non-ASCII character in it is an escaped bad byte (binary overflow
    requests), encoding to ASCII with surrogateescape gives the bytes back and says so at
    once: _decode would take its Latin-1 path, without first decoding the bytes again to
    find out."""
    try:
        raw = text.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:  # a valid non-ASCII character too
        return _decode(text.encode("utf-8", "surrogateescape"))
    return raw.decode("latin-1").encode("ascii", "backslashreplace").decode("ascii")


_TEXT_FIELDS = (0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14)


def _escape_row(row: tuple) -> tuple:
    """A row parsed from surrogateescape text, its fields escaped like _decode's text.

    Escaping maps byte by byte and '?' is ASCII, so a long url is escaped once and its
    path and query taken from the result instead of escaping the same bytes again."""
    out = list(row)
    known: dict[str, str] = {}
    url = row[7]
    if url is not None and not url.isascii():
        done = _escape(url)
        head, sep, tail = url.partition("?")
        ehead, _, etail = done.partition("?")
        known = {url: done, head: ehead}
        if sep:
            known[tail] = etail
    for i in _TEXT_FIELDS:
        value = row[i]
        if value is not None and not value.isascii():
            out[i] = known.get(value) or _escape(value)
    return tuple(out)


def _send_access(batch: list[tuple], tally: _Tally) -> None:
    times = [r[3] for r in batch if r[3] is not None]  # once a batch, at C speed
    if times:
        tally.times(min(times), max(times))
    tally.parsed += len(batch)
    tally.outbox.put(("rows", "access_log", ACCESS_COLUMNS, batch))


def _access(evidence: Evidence, task: dict[str, Any], outbox: Any) -> None:
    path = task["path"]
    formats: list[LineFormat] = []
    for kind, fmt in task.get("formats") or []:
        formats += nginx_format("nginx", fmt) if kind == "nginx" else apache_format("config", fmt)
    parser = AccessParser(formats)
    tally = _Tally(path, "access", outbox)
    source = display(path)
    vhost = task.get("vhost")
    batch: list[tuple] = []
    parse = parser.parse
    number = 0
    fast = parser.escape_safe
    for number, raw in _lines(evidence, path, tally):
        row = text = None
        if len(raw) < MAX_LINE:
            try:
                text = raw.decode()
            except UnicodeDecodeError:
                # Bad bytes: the regex runs on surrogates (no backslash for it to step
                # through) and only the fields are escaped: the row the escaped line gives.
                row = parse(raw.decode("utf-8", "surrogateescape")) if fast else None
                if row is not None:
                    row = _escape_row(row)
                else:
                    text = _decode(raw)
            if row is None:
                row = parse(text)
        if row is None:
            tally.unparsed(
                number,
                raw,
                f"line longer than {MAX_LINE} bytes, cut" if text is None else why_unparsed(text),
            )
            continue
        if vhost is not None and row[0] is None:
            row = (vhost,) + row[1:]
        batch.append((source, number) + row)
        if len(batch) >= BATCH:
            _send_access(batch, tally)
            batch = []
    tally.lines = number
    if batch:
        _send_access(batch, tally)
    used = [f.name for f in parser.formats if f.name in parser.used] or [parser.last.name]
    tally.finish(evidence, ", ".join(dict.fromkeys([parser.last.name, *used])))


_ERR24 = re.compile(
    r"^\[(?P<ts>[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)? \d{4})\] "
    r"\[(?:(?P<module>[^:\]]+):)?(?P<level>[^\]]+)\](?: \[pid [^\]]*\])?"
    r"(?: \[client (?P<ip>[^\]]+?)(?::\d+)?\])?\s*(?P<msg>.*)$",
    re.DOTALL,
)
_NGX_ERR = re.compile(
    r"^(?P<ts>\d{4}/\d\d/\d\d \d\d:\d\d:\d\d) \[(?P<level>\w+)\] \d+#\d+: (?:\*\d+ )?"
    r"(?P<msg>.*?)(?:, client: (?P<ip>[^,]+))?(?:, .*)?$",
    re.DOTALL,
)


def _error_log(evidence: Evidence, task: dict[str, Any], outbox: Any) -> None:
    zone, _ = image_zone(evidence)
    path = task["path"]
    tally = _Tally(path, "error", outbox)
    source = display(path)
    batch: list[tuple] = []
    first = last = None
    for number, raw in _lines(evidence, path, tally):
        tally.lines = number
        text = decode(raw)
        m = _ERR24.match(text)
        when = None
        if m:
            try:
                ts = m.group("ts")
                fmt = "%a %b %d %H:%M:%S.%f %Y" if "." in ts else "%a %b %d %H:%M:%S %Y"
                when = _utc(datetime.strptime(ts, fmt).replace(tzinfo=zone))
            except ValueError:
                when = None
            row = (
                source,
                number,
                when,
                m.group("ts"),
                m.group("level"),
                m.group("module"),
                m.group("ip"),
                m.group("msg"),
            )
        else:
            m = _NGX_ERR.match(text)
            if not m:
                if text.startswith((" ", "\t")) or not text.strip():
                    tally.parsed += 1  # a continuation (PHP stack trace) or blank line
                    continue
                tally.unparsed(number, raw, "no [time] [level] prefix")
                continue
            try:
                when = _utc(datetime.strptime(m.group("ts"), "%Y/%m/%d %H:%M:%S").replace(tzinfo=zone))
            except ValueError:
                when = None
            row = (source, number, when, m.group("ts"), m.group("level"), None, m.group("ip"), m.group("msg"))
        if when:
            first = when if first is None or when < first else first
            last = when if last is None or when > last else last
        batch.append(row)
        if len(batch) >= BATCH:
            outbox.put(("rows", "error_log", ERROR_COLUMNS, batch))
            tally.parsed += len(batch)
            batch = []
    if batch:
        outbox.put(("rows", "error_log", ERROR_COLUMNS, batch))
        tally.parsed += len(batch)
    tally.times(first, last)
    tally.finish(evidence)


def _utc(dt: datetime) -> str:
    dt = dt.astimezone(timezone.utc)
    text = dt.strftime("%Y-%m-%dT%H:%M:%S")
    return text + (f".{dt.microsecond:06d}" if dt.microsecond else "") + "Z"


def image_zone(evidence: Evidence) -> tuple[tzinfo, str]:
    """The image's zone for year-less and zone-less log times, and how we know it."""
    name = imagefacts.timezone(evidence)
    zone = imagefacts.tzinfo(evidence)
    if zone is None:
        return timezone.utc, "unknown: UTC assumed (the image names no zone)"
    return zone, f"{name} (from the image)"


_STAMP = re.compile(r"^(?:<\d{1,3}>)?([A-Z][a-z]{2}) ([ \d]\d) ")


def _syslog(evidence: Evidence, task: dict[str, Any], zone_info: tuple[Any, str], outbox: Any) -> None:
    """One family (auth.log, auth.log.1, auth.log.2.gz ...), newest first, so each older file's
    last line is placed no later than the newer file's first."""
    zone, zone_how = zone_info
    newer_first: datetime | None = None
    for path in task["paths"]:
        tally = _Tally(path, "auth" if not task["auth_only"] else "syslog", outbox)
        tally.detail.append(f"time zone {zone_how}")
        months: list[int | None] = []
        last_md: tuple[int, int] | None = None
        for _number, raw in _lines(evidence, path, _Tally(path, "", _Discard())):
            stamp = _STAMP.match(raw[:12].decode("ascii", "replace"))
            month = syslog.MONTHS.get(stamp.group(1)) if stamp else None
            months.append(month)
            if month:
                last_md = (month, int(stamp.group(2)))
        try:
            anchor = datetime.fromtimestamp(evidence.lstat(path).mtime_ns / 1e9, zone).replace(tzinfo=None)
        except (EvidenceError, OverflowError, OSError, ValueError):
            anchor = datetime.now(timezone.utc).replace(tzinfo=None)
            tally.detail.append("no usable mtime: year taken from today")
        if newer_first is not None and newer_first < anchor:
            anchor = newer_first
            tally.detail.append("year anchored on the newer rotation's first line")
        year = syslog.last_year(last_md[0] if last_md else None, last_md[1] if last_md else None, anchor)
        offsets = syslog.year_offsets(months)
        tally.detail.append(
            f"year-less times placed in {year + min(offsets or [0])}..{year}" if any(months)
            else "times carry their own year"
        )
        clock = syslog.SyslogClock(zone, year)
        source = display(path)
        batch: list[tuple] = []
        first = last = None
        for number, raw in _lines(evidence, path, tally):
            tally.lines = number
            text = decode(raw)
            h = syslog.parse_header(text)
            if h is None:
                if text[:1] in (" ", "\t") or not text.strip():
                    tally.parsed += 1  # continuation of a multi-line message
                else:
                    tally.unparsed(number, raw, "no syslog time stamp")
                continue
            tally.parsed += 1
            when = clock.iso(h.time_text, offsets[number - 1] if number - 1 < len(offsets) else 0)
            if when:
                first = when if first is None or when < first else first
                last = when if last is None or when > last else last
            event = syslog.classify(h.program, h.message)
            prog = syslog.program_name(h.program)
            if task["auth_only"] and event is None and prog not in syslog.AUTH_PROGRAMS:
                continue
            batch.append(
                (
                    source,
                    number,
                    when,
                    h.time_text,
                    h.host,
                    h.program,
                    h.pid,
                    event.event if event else "other",
                    event.user if event else None,
                    event.client_ip if event else None,
                    event.port if event else None,
                    event.method if event else None,
                    event.detail if event else None,
                    text,
                )
            )
            if len(batch) >= BATCH:
                outbox.put(("rows", "auth_events", AUTH_COLUMNS, batch))
                batch = []
        if batch:
            outbox.put(("rows", "auth_events", AUTH_COLUMNS, batch))
        tally.times(first, last)
        tally.finish(evidence, "syslog")
        if first:
            try:
                newer_first = (
                    datetime.fromisoformat(first.replace("Z", "+00:00")).astimezone(zone).replace(tzinfo=None)
                )
            except ValueError:
                newer_first = None


class _Discard:
    def put(self, _item: object) -> None:
        pass
