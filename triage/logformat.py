"""Access-log line formats: Apache LogFormat strings and nginx log_format
strings compiled to one regular expression each, and a line parser that
tries the server's own format first and the well-known ones after.

Why compile rather than hard-code combined: a real server logs whatever its
config says (a vhost prefix, a forwarded-for field, times in ISO form), and
one file often mixes formats across a config change. A line no format reads
is returned as None with a reason; the caller counts it and keeps a sample.

Rows come out as tuples in ``ACCESS_COLUMNS`` order (minus source and line),
text decoded from UTF-8 with undecodable bytes as \\xNN and everything else,
NULs and escape sequences included, kept as it was logged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from operator import itemgetter

ACCESS_COLUMNS = (
    "source",
    "line",
    "vhost",
    "time",
    "time_text",
    "client_ip",
    "ident",
    "remote_user",
    "method",
    "url",
    "path",
    "query",
    "protocol",
    "status",
    "bytes",
    "referer",
    "user_agent",
)

# The formats every Apache and nginx ships with (Apache's names are nicknames
# a config may redefine; nginx's predefined format is called "combined").
APACHE_NICKNAMES = {
    "common": '%h %l %u %t "%r" %>s %b',
    "combined": '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"',
    "vhost_combined": '%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"',
    "combinedio": '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %I %O',
    "referer": "%{Referer}i -> %U",
    "agent": "%{User-Agent}i",
}
NGINX_COMBINED = (
    '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
    '"$http_referer" "$http_user_agent"'
)

# A quoted field: anything but a quote, with backslash escapes (Apache writes
# \" for a quote inside, nginx \x22). The unrolled form does not backtrack.
_QUOTED = r'([^"\\]*(?:\\.[^"\\]*)*)'
_LOOSE = r"(.*?)"
_ESCAPE_CHARS = frozenset("\\x0123456789abcdefABCDEF")
_WORD = r"(\S*)"
_NUMBER = r"(-|\d+)"

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_FIELDS = (
    "vhost",
    "time",
    "client_ip",
    "ident",
    "remote_user",
    "request",
    "method",
    "url",
    "path",
    "query",
    "protocol",
    "status",
    "bytes",
    "referer",
    "user_agent",
    "port",
)


@dataclass(frozen=True)
class Directive:
    field: str | None  # which column it fills, None for ignored
    pattern: str
    time_kind: str | None = None  # "clf", "iso", "epoch", "epoch_ms", "epoch_us", or a strptime format


def _apache_directive(name: str, arg: str | None) -> Directive:
    if name == "t":
        if arg is None:
            return Directive("time", r"\[([^\]]*)\]", "clf")
        fmt = arg.removeprefix("begin:").removeprefix("end:")
        kind = {"sec": "epoch", "msec": "epoch_ms", "usec": "epoch_us"}.get(fmt, fmt)
        return Directive("time", r"(\S+)" if kind.startswith("epoch") else r"(.+?)", kind)
    if name == "i" and arg:
        header = arg.lower()
        field = {"referer": "referer", "user-agent": "user_agent", "host": "vhost"}.get(header)
        return Directive(field, _WORD)
    simple = {
        "h": ("client_ip", _WORD),
        "a": ("client_ip", _WORD),
        "l": ("ident", _WORD),
        "u": ("remote_user", _WORD),
        "r": ("request", _WORD),
        "s": ("status", _NUMBER),
        "b": ("bytes", _NUMBER),
        "B": ("bytes", _NUMBER),
        "O": ("bytes", _NUMBER),
        "m": ("method", _WORD),
        "U": ("path", r"([^\s?]*)"),
        "q": ("query", _WORD),
        "H": ("protocol", _WORD),
        "v": ("vhost", _WORD),
        "V": ("vhost", _WORD),
        "p": ("port", _WORD),
    }
    field, pattern = simple.get(name, (None, _WORD))
    if name == "a" and arg == "c":
        field = "client_ip"
    return Directive(field, pattern)


_NGINX_VARS = {
    "remote_addr": "client_ip",
    "binary_remote_addr": None,
    "remote_user": "remote_user",
    "time_local": "time",
    "time_iso8601": "time",
    "msec": "time",
    "request": "request",
    "status": "status",
    "body_bytes_sent": "bytes",
    "bytes_sent": "bytes",
    "http_referer": "referer",
    "http_user_agent": "user_agent",
    "host": "vhost",
    "server_name": "vhost",
    "http_host": "vhost",
    "request_method": "method",
    "request_uri": "url",
    "uri": "path",
    "document_uri": "path",
    "args": "query",
    "query_string": "query",
    "server_protocol": "protocol",
    "server_port": "port",
}


def _nginx_directive(name: str) -> Directive:
    field = _NGINX_VARS.get(name)
    if name == "time_local":
        return Directive("time", r"([^\]]*?)", "clf")
    if name == "time_iso8601":
        return Directive("time", r"(\S+)", "iso")
    if name == "msec":
        return Directive("time", r"(\S+)", "epoch")
    if field in ("status", "bytes"):
        return Directive(field, _NUMBER)
    return Directive(field, _WORD)


_APACHE_TOKEN = re.compile(r"%([<>!,0-9]*)(?:\{([^}]*)\})?([a-zA-Z%])")
_NGINX_TOKEN = re.compile(r"\$(?:\{(\w+)\}|(\w+))")


def apache_tokens(fmt: str) -> list[str | Directive]:
    out: list[str | Directive] = []
    pos = 0
    for m in _APACHE_TOKEN.finditer(fmt):
        out.append(fmt[pos : m.start()])
        if m.group(3) == "%":
            out.append("%")
        else:
            out.append(_apache_directive(m.group(3), m.group(2)))
        pos = m.end()
    out.append(fmt[pos:])
    return [t for t in out if t != ""]


def nginx_tokens(fmt: str) -> list[str | Directive]:
    out: list[str | Directive] = []
    pos = 0
    for m in _NGINX_TOKEN.finditer(fmt):
        out.append(fmt[pos : m.start()])
        out.append(_nginx_directive(m.group(1) or m.group(2)))
        pos = m.end()
    out.append(fmt[pos:])
    return [t for t in out if t != ""]


def _literal(text: str) -> str:
    # Apache and nginx may write runs of spaces; a literal space matches one or more.
    return r" +".join(re.escape(part) for part in text.split(" "))


class LineFormat:
    """One compiled format: ``parse(text)`` gives the row tail or None."""

    def __init__(self, name: str, tokens: list[str | Directive], loose: bool = False) -> None:
        self.name = name
        parts: list[str] = ["^"]
        fields: list[Directive] = []
        for i, tok in enumerate(tokens):
            if isinstance(tok, str):
                parts.append(_literal(tok))
                continue
            before = tokens[i - 1] if i else ""
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            pattern = tok.pattern
            quoted = (
                isinstance(before, str)
                and before.endswith('"')
                and isinstance(after, str)
                and after.startswith('"')
            )
            if quoted:
                pattern = _LOOSE if loose else _QUOTED
            elif after is None and pattern == _WORD:
                pattern = r"(.*)"
            elif loose and pattern == _WORD:
                pattern = _LOOSE
            parts.append(pattern)
            fields.append(tok)
        parts.append(r"\s*$")
        # Whether the format reads a line decoded with bad bytes as surrogates exactly as it
        # reads the \xNN-escaped text: true when every field sits between literals that cannot
        # occur inside an escape, so field boundaries fall on the same original bytes.
        self.escape_safe = all(
            (not isinstance(tok, str) and (i == 0 or isinstance(tokens[i - 1], str)))
            or (isinstance(tok, str) and not _ESCAPE_CHARS.intersection(tok))
            for i, tok in enumerate(tokens)
        )
        self.regex = re.compile("".join(parts), re.DOTALL)
        self.fields = fields
        self._match: Callable[[str], re.Match[str] | None] = self.regex.match
        n = len(fields)
        index = {}
        for i, d in enumerate(fields):
            if d.field and d.field not in index:
                index[d.field] = i
        self.index = index
        self.time_kind = fields[index["time"]].time_kind if "time" in index else None
        # One C call picks every field; a field the format lacks reads the None appended at n.
        self._pick = itemgetter(*(index.get(f, n) for f in _FIELDS))
        self.score = 0

    def parse(self, text: str) -> tuple | None:
        m = self._match(text)
        if m is None:
            return None
        (
            vhost,
            time_text,
            ip,
            ident,
            user,
            request,
            method,
            url,
            path,
            query,
            protocol,
            status,
            size,
            referer,
            agent,
            port,
        ) = self._pick(m.groups() + (None,))
        if request is not None:
            parts = request.split(" ")
            if len(parts) == 3 and parts[2][:5] == "HTTP/" and parts[0].isalpha():  # the usual request line
                method, url, protocol = parts
            else:
                method, url, protocol = split_request(request)
        if url is not None and path is None:
            path, sep, query = url.partition("?")
            query = query if sep else None
        elif url is None and path is not None:
            query = query[1:] if query and query[0] == "?" else query
            url = path + ("?" + query if query else "")
        when = _CLF_CACHE.get(time_text) if self.time_kind == "clf" else None
        if when is None and time_text is not None:
            when = parse_time(time_text, self.time_kind)
        if vhost is not None and port and ":" not in vhost and port not in ("80", "443"):
            vhost = f"{vhost}:{port}"
        return (
            vhost,
            when,
            time_text,
            ip,
            ident,
            user,
            method,
            url,
            path,
            query or None,
            protocol,
            int(status) if status and status.isdigit() and len(status) < 19 else None,
            int(size) if size and size.isdigit() and len(size) < 19 else None,
            referer,
            agent,
        )


def _int(text: str | None) -> int | None:
    if text is None or not text.isdigit() or len(text) > 18:
        return None
    return int(text)


def split_request(request: str) -> tuple[str | None, str | None, str | None]:
    """ "GET /a b HTTP/1.1" -> (GET, "/a b", HTTP/1.1); junk keeps its text in url."""
    first, sep, rest = request.partition(" ")
    if not sep:
        return (None, request, None) if request not in ("", "-") else (None, None, None)
    if not first.isalpha() and not first.replace("-", "").replace("_", "").isalnum():
        return None, request, None
    body, sp, last = rest.rpartition(" ")
    if sp and last.startswith("HTTP/"):
        return first, body, last
    return first, rest, None


_CLF_CACHE: dict[str, str | None] = {}


def parse_time(text: str, kind: str | None) -> str | None:
    """A log's time text as ISO-8601 UTC, or None if it does not read."""
    if kind == "clf":
        hit = _CLF_CACHE.get(text)
        if hit is not None or text in _CLF_CACHE:
            return hit
        if len(_CLF_CACHE) > 200_000:
            _CLF_CACHE.clear()
        value = _CLF_CACHE[text] = _clf(text)
        return value
    try:
        if kind == "iso":
            dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if dt.tzinfo is None:
                return None
        elif kind in ("epoch", "epoch_ms", "epoch_us"):
            scale = {"epoch": 1, "epoch_ms": 1000, "epoch_us": 1_000_000}[kind]
            dt = datetime.fromtimestamp(float(text) / scale, timezone.utc)
        elif kind:
            dt = datetime.strptime(text, kind)
            if dt.tzinfo is None:
                return None
        else:
            return None
    except (ValueError, OverflowError, OSError):
        return None
    return _iso(dt)


def _iso(dt: datetime) -> str:
    dt = dt.astimezone(timezone.utc)
    text = dt.strftime("%Y-%m-%dT%H:%M:%S")
    if dt.microsecond:
        text += f".{dt.microsecond:06d}"
    return text + "Z"


def _clf(text: str) -> str | None:
    """'10/Oct/2004:04:20:13 -0400' (Apache %t, nginx $time_local)."""
    try:
        day, mon, rest = text.split("/", 2)
        year, hh, mm, rest = rest.split(":", 3)
        ss, _, zone = rest.partition(" ")
        dt = datetime(int(year), _MONTHS[mon], int(day), int(hh), int(mm), int(ss[:2]))
        if zone:
            sign = -1 if zone[0] == "-" else 1
            z = zone.lstrip("+-")
            if len(z) != 4 or not z.isdigit():
                return None
            dt -= sign * timedelta(hours=int(z[:2]), minutes=int(z[2:]))
        frac = ss[3:] if len(ss) > 2 and ss[2] in ".," else ""
    except (ValueError, KeyError, OverflowError):
        return None
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + (f".{frac}" if frac.isdigit() else "") + "Z"


def apache_format(name: str, fmt: str) -> list[LineFormat]:
    toks = apache_tokens(fmt)
    return [LineFormat(name, toks), LineFormat(name + "~loose", toks, loose=True)]


def nginx_format(name: str, fmt: str) -> list[LineFormat]:
    toks = nginx_tokens(fmt)
    return [LineFormat(name, toks), LineFormat(name + "~loose", toks, loose=True)]


def builtin_formats() -> list[LineFormat]:
    """The formats tried after a file's own: combined first (by far the commonest)."""
    out = apache_format("combined", APACHE_NICKNAMES["combined"])
    out += apache_format("vhost_combined", APACHE_NICKNAMES["vhost_combined"])
    out += apache_format("common", APACHE_NICKNAMES["common"])
    out += apache_format("combinedio", APACHE_NICKNAMES["combinedio"])
    # combined with a vhost and nothing else: "host:port" or "host" ahead of combined
    out += apache_format("vhost_combined_noport", '%v %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"')
    return [f for f in out if not f.name.endswith("~loose")] + [f for f in out if f.name.endswith("~loose")]


class AccessParser:
    """Tries a file's configured formats, then the built-in ones, strict before loose.

    The last format that matched is tried first on the next line, so a file in
    one format costs one regex a line.
    """

    def __init__(self, configured: list[LineFormat] | None = None) -> None:
        configured = configured or []
        strict = [f for f in configured if not f.name.endswith("~loose")]
        loose = [f for f in configured if f.name.endswith("~loose")]
        builtin = builtin_formats()
        self.formats = (
            strict
            + [f for f in builtin if not f.name.endswith("~loose")]
            + loose
            + [f for f in builtin if f.name.endswith("~loose")]
        )
        self.last = self.formats[0]
        self.escape_safe = all(f.escape_safe for f in self.formats)
        self.used: dict[str, int] = {}

    def parse(self, text: str) -> tuple | None:
        row = self.last.parse(text)
        if row is not None:
            return row
        for fmt in self.formats:
            if fmt is self.last:
                continue
            row = fmt.parse(text)
            if row is not None:
                if not fmt.name.endswith("~loose"):
                    self.last = fmt
                self.used[fmt.name] = self.used.get(fmt.name, 0) + 1
                return row
        return None


def why_unparsed(text: str) -> str:
    """A short reason a line matched no format, for the error sample."""
    if not text.strip():
        return "empty line"
    if "\x00" in text:
        return "NUL bytes in line"
    if "[" not in text or "]" not in text:
        return "no [time] field"
    if text.count('"') < 2:
        return "no quoted request"
    return "fields do not match any known log format"
