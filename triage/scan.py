"""scan: YARA rules and signals beyond signatures, one score per file.

The engine has two layers. `Scanner` judges ONE file: given its image path
(for naming only), its bytes or a descriptor from the Evidence door, what the
inventory knows of it (`FileMeta`) and optionally what the whole image says
(`ScanContext`: web roots, package manifests, neighbours' owners and times),
it returns a `FileResult`: every reason (rule matches and signals, each
scored 0-100), one combined score and a verdict. `watch` reuses it on single
new files. `scan_case` runs it over a case's inventory: each unique content
once, in threads (yara-python releases the GIL while matching), and writes a
`runs` row, `findings` and `file_scores` in batches: a file_scores row for
every file with at least one reason (the run's row_counts say how many files
were scanned in all).

Rules see the externals LOKI passes (filename, filepath, extension, filetype,
owner, and md5), so Neo23x0 signature-base rules load unchanged. Rule files
that use a path-like external are matched once per path; the rest once per
content. Compiled rules are cached by digest under ~/.cache/triage.
"""

from __future__ import annotations

import base64
import bisect
import calendar
import codecs
import hashlib
import json
import math
import os
import re
import sqlite3
import stat as stat_mod
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yara

import triage
from triage import custody, procs
from triage.case import BatchWriter, CaseError, check_location, open_case, transaction
from triage.evidence import Evidence, EvidenceError, Stat
from triage.sysparse import path_aliases
from triage.text import display
from triage.times import now

DEFAULT_MAX_SIZE = 32 << 20
DEFAULT_TIMEOUT = 60
OWN_RULES = Path(__file__).resolve().parent / "rules"
if not OWN_RULES.is_dir():  # running from a source checkout: rules/ sits beside triage/
    OWN_RULES = Path(__file__).resolve().parent.parent / "rules"

# strings YARA looks for on the signals' behalf in its one pass over a file (see hints.yar); never findings
HINTS = Path(__file__).resolve().parent / "hints.yar"
HINTS_NAMESPACE = "triage-hints"

EXTERNALS = ("filename", "filepath", "extension", "filetype", "owner", "md5")
_PATH_EXTERNAL = re.compile(
    rb"\b(filename|filepath|extension|filetype|owner)\s*(==|!=|contains|icontains|matches|startswith|"
    rb"istartswith|endswith|iendswith|iequals)")

CATEGORIES = ("webshell", "attacker-tool", "dual-use", "suspicious")
VERDICTS = ("webshell", "attacker-tool", "dual-use", "suspicious", "clean")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PHP_EXTS = _words("php php3 php4 php5 php7 php8 phtml pht phar phps inc")
ALT_PHP_EXTS = _words("php3 php4 php5 php7 php8 phtml pht phar phps")
SERVER_CODE_EXTS = PHP_EXTS | _words("jsp jspx jspf asp aspx ashx asmx ascx asa cer cdx cfm cfml cgi cshtml vbhtml "
                                     "svc soap shtml stm")
SCRIPT_EXTS = SERVER_CODE_EXTS | _words("pl pm py sh bash rb lua")
IMAGE_MEDIA_EXTS = _words(
    "jpg jpeg jpe png gif bmp ico webp tif tiff svg mp3 mp4 m4a avi mov wav ogg oga flv webm mkv mpg mpeg "
    "woff woff2 ttf eot otf pdf")
TEXT_EXTS = _words("txt log csv dat tmp text")
SCRIPT_MIMES = ("text/x-php", "text/x-shellscript", "text/x-perl", "text/x-python", "text/x-script.python",
                "text/x-ruby", "text/x-lua", "text/x-java", "text/x-asp")
ELF_MIMES = ("application/x-executable", "application/x-pie-executable", "application/x-sharedlib",
             "application/x-object", "application/x-elf")
WEB_USERS = _words("www-data apache nginx http httpd wwwrun lighttpd www")
UPLOAD_DIRS = _words("upload uploads uploaded attachments attachment userfiles user_files avatars avatar "
                     "user_uploads fileupload")
# Folders that usually hold only static files, but where apps also keep index.php guards and helpers.
STATIC_DIRS = _words("files images image img media pictures photos assets static")
CACHE_DIRS = _words("cache caches tmp temp sessions session")
# image paths (inside the evidence), never the analyst's own temp folders
TMP_ROOTS = ("/tmp", "/var/tmp", "/dev/shm", "/run/shm", "/var/lib/php/sessions")  # noqa: S108
HOME_ROOTS = ("/home", "/root")
PERSIST_ROOTS = ("/etc/cron.d", "/etc/cron.daily", "/etc/cron.hourly", "/etc/cron.weekly", "/etc/cron.monthly",
                 "/etc/crontab", "/var/spool/cron", "/etc/systemd", "/lib/systemd", "/usr/lib/systemd",
                 "/run/systemd/system", "/etc/init.d", "/etc/rc.local", "/etc/ld.so.preload", "/etc/profile.d",
                 "/etc/update-motd.d", "/etc/xdg/autostart")
CONVENTIONAL_WEB_ROOTS = ("/var/www", "/srv/www", "/srv/http", "/usr/share/nginx/html", "/usr/local/apache2/htdocs",
                          "/opt/lampp/htdocs", "/var/lib/tomcat*/webapps", "/opt/tomcat*/webapps",
                          "/home/*/public_html", "/home/*/www", "/home/*/htdocs")
_LOKI_TYPES = (("application/x-dosexec", "EXE"), ("application/x-executable", "ELF"),
               ("application/x-pie-executable", "ELF"), ("application/x-sharedlib", "ELF"),
               ("application/zip", "ZIP"), ("application/java-archive", "JAR"), ("image/jpeg", "JPEG"),
               ("image/gif", "GIF"), ("image/png", "PNG"), ("application/pdf", "PDF"),
               ("application/gzip", "GZIP"), ("application/x-rar", "RAR"), ("application/x-7z", "7Z"),
               ("application/vnd.ms-cab", "CAB"), ("application/x-java-applet", "CLASS"))
DAY_NS = 86_400 * 10**9
# where package managers unpack their own control files (maintainer scripts) with the package's times
PACKAGE_DB_DIRS = ("/var/lib/dpkg/info/",)


@dataclass(frozen=True)
class Reason:
    """One reason a file looks bad: a rule match or a signal, scored 0-100.

    kind: "rule", "signal", "rank" (the obfuscation measure: ranks, never
    decides) or "limit" (the file was not scanned in full).
    """

    kind: str
    rule: str
    category: str
    score: int
    description: str
    detail: str = ""
    ruleset: str = ""

    def text(self) -> str:
        return f"{self.rule} ({self.score}): {self.description}" + (f" [{self.detail}]" if self.detail else "")


@dataclass(slots=True)  # a million of them live in the scan's parent at once
class FileMeta:
    """What the inventory says of a file (all optional but the path)."""

    path: str
    size: int | None = None
    uid: int | None = None
    owner: str | None = None
    mtime_ns: int | None = None
    ctime_ns: int | None = None
    btime_ns: int | None = None
    mime: str | None = None
    magic: str | None = None
    sha256: str | None = None
    md5: str | None = None

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    # lower-case, "" when none; from the name unless the caller has it already (the inventory's ext column)
    ext: str | None = None

    def __post_init__(self) -> None:
        if self.ext is None:
            stem, dot, suffix = self.path.rsplit("/", 1)[-1].lstrip(".").rpartition(".")
            self.ext = suffix.lower() if dot and stem else ""

    @property
    def directory(self) -> str:
        return self.path.rsplit("/", 1)[0] or "/"

    @classmethod
    def from_stat(cls, path: str, st: Stat, owner: str | None = None, mime: str | None = None,
                  magic: str | None = None) -> FileMeta:
        return cls(path, st.size, st.uid, owner, st.mtime_ns, st.ctime_ns, st.btime_ns, mime, magic)


# SQLite 3.38 has unixepoch(), a third cheaper than strftime('%s') over a million rows
_EPOCH_SQL = "unixepoch({0})" if sqlite3.sqlite_version_info >= (3, 38) else "CAST(strftime('%s', {0}) AS INTEGER)"
_NS_SQL = _EPOCH_SQL + " * 1000000000 + CAST(substr({0}, 21, 9) AS INTEGER), {0}"


def inventory(db: Any) -> list[FileMeta]:
    """Every regular file of a case's inventory (the image path from path_raw where the row has it)."""
    return [meta for chunk in inventory_chunks(db) for meta in chunk]


def inventory_chunks(db: Any, size: int = 5000) -> Iterator[list[FileMeta]]:
    """The inventory a few thousand files at a time, in the order the collector walked the image.

    SQLite turns the ISO times into nanoseconds; a time it cannot hold in 64 bits goes through _ns."""
    fsdecode = os.fsdecode
    times = ", ".join(_NS_SQL.format(c) for c in ("mtime", "ctime", "btime"))
    cursor = db.execute(f"SELECT path_raw, path, size, uid, owner, {times}, mime, magic, sha256, md5, "
                        "coalesce(ext, '') FROM files WHERE type = 'file'")
    same: dict[Any, Any] = {}  # owners, types, descriptions and extensions repeat: one string each
    while rows := cursor.fetchmany(size):
        yield [FileMeta(fsdecode(raw) if raw is not None else path, size, uid, same.setdefault(owner, owner),
                        m if type(m) is int else _ns(mt), c if type(c) is int else _ns(ct),
                        b if type(b) is int else _ns(bt), same.setdefault(mime, mime), same.setdefault(magic, magic),
                        sha256, md5, same.setdefault(ext, ext))
               for raw, path, size, uid, owner, m, mt, c, ct, b, bt, mime, magic, sha256, md5, ext in rows]
        if len(same) > 100_000:  # a tree of unique descriptions: stop sharing rather than grow
            same.clear()


def _duplicated(db: Any) -> set[str]:
    """The contents (sha256) more than one regular file of the inventory holds."""
    return {row[0] for row in db.execute("SELECT sha256 FROM files WHERE type = 'file' AND sha256 IS NOT NULL "
                                         "GROUP BY sha256 HAVING count(*) > 1")}


_DAY_SECONDS: dict[str, int] = {}


def _ns(iso: str | None) -> int | None:
    """Nanoseconds from triage.times' ISO text ("2024-03-01T12:00:00.123456789Z")."""
    if not iso:
        return None
    main, _, frac = iso.rstrip("Z").partition(".")
    try:
        day = _DAY_SECONDS.get(main[:10])
        if day is None:  # one calendar sum a day, not one a file: a million files share few days
            day = calendar.timegm((int(main[0:4]), int(main[5:7]), int(main[8:10]), 0, 0, 0, 0, 0, 0))
            if len(_DAY_SECONDS) < 100_000:
                _DAY_SECONDS[main[:10]] = day
        secs = day + int(main[11:13]) * 3600 + int(main[14:16]) * 60 + int(main[17:19])
        return secs * 10**9 + int((frac + "000000000")[:9])
    except ValueError:
        return None


@dataclass
class FileResult:
    path: str
    sha256: str | None
    score: int
    verdict: str
    reasons: list[Reason]
    obfuscation: float = 0.0

    def reason_texts(self) -> list[str]:
        return [r.text() for r in self.reasons]


@dataclass
class ScanContext:
    """What the whole image says about a file's surroundings.

    Built from a case (`from_case`); every part is optional, so a signal that
    needs it stays silent where the case has not got it.
    """

    web_roots: list[str] = field(default_factory=list)
    # path -> (package, recorded digest, conffile, digest algorithm: "md5" when left out)
    package_files: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    packaged_dirs: dict[str, str] = field(default_factory=dict)
    root_owners: dict[str, str] = field(default_factory=dict)
    dir_gap_ns: dict[str, int] = field(default_factory=dict)
    code_dirs: set[str] = field(default_factory=set)

    _places: dict[str, tuple[Any, ...]] = field(default_factory=dict, repr=False, compare=False)

    def place(self, directory: str) -> tuple[str | None, list[str], bool, str | None, str | None, str | None]:
        """What a folder is, once per folder: its web root, its lower-cased components, whether it
        is a temp folder, and its first upload-, static- and cache-like component."""
        found = self._places.get(directory)
        if found is None:
            dirs = [c.lower() for c in directory.split("/")[1:] if c]
            found = (self.web_root_of(directory), dirs, _under(directory, TMP_ROOTS),
                     next((d for d in dirs if d in UPLOAD_DIRS), None),
                     next((d for d in dirs if d in STATIC_DIRS), None),
                     next((d for d in dirs if d in CACHE_DIRS), None))
            if len(self._places) > 200_000:
                self._places.clear()
            self._places[directory] = found
        return found

    def web_root_of(self, path: str) -> str | None:
        best = None
        for root in self.web_roots:
            if (path == root or path.startswith(root.rstrip("/") + "/")) and (best is None or len(root) > len(best)):
                best = root
        return best

    @classmethod
    def from_case(cls, db: Any, files: Iterable[FileMeta] | None = None) -> ScanContext:
        """The context of a case; ``files`` are its regular files when the caller has them already."""
        builder = _ContextBuilder(cls, db)
        builder.add(files if files is not None else inventory(db))
        return builder.finish()


class _ContextBuilder:
    """A case's context, its per-folder tallies fed a chunk of the inventory at a time, so a caller that
    keeps only some files (the scan's default scope) never holds them all."""

    def __init__(self, cls: type[ScanContext], db: Any) -> None:
        self.ctx = ctx = cls(web_roots=web_roots(db))
        if _has_rows(db, "package_files"):
            columns = {c.name for c in db["package_files"].columns}
            digest = "coalesce(digest, md5)" if "digest" in columns else "md5"
            algo = "coalesce(digest_algo, 'md5')" if "digest_algo" in columns else "'md5'"
            rows = [(r["path"], (r["package"], r["digest"], r["conffile"] or 0, r["algo"])) for r in db.query(
                f"SELECT package, path, {digest} AS digest, conffile, {algo} AS algo FROM package_files")
                if r["path"]]
            ctx.package_files = dict(rows)
            for path, entry in rows:  # merged /usr: dpkg says /lib/x/libc.so.6, the file sits in /usr/lib/x
                for alias in path_aliases(path)[1:]:
                    ctx.package_files.setdefault(alias, entry)
            # a folder one package alone ships files into; shared ones (/usr/bin, /usr/lib/x86_64-linux-gnu)
            # say nothing about a stranger in them
            owners: dict[str, set[str]] = defaultdict(set)
            for path, (package, *_rest) in ctx.package_files.items():
                owners[path.rsplit("/", 1)[0] or "/"].add(package)
            ctx.packaged_dirs = {d: next(iter(p)) for d, p in owners.items() if len(p) == 1}
        self.by_root: dict[str, Counter[str]] = defaultdict(Counter)
        self.gaps: dict[str, list[int]] = defaultdict(list)
        self.per_dir: Counter[str] = Counter()
        self.code_per_dir: Counter[str] = Counter()

    def add(self, metas: Iterable[FileMeta]) -> None:
        ctx = self.ctx
        for meta in metas:
            root = ctx.web_root_of(meta.path)
            is_code = _is_code(meta, None)
            directory = meta.directory
            self.per_dir[directory] += 1
            if is_code:
                self.code_per_dir[directory] += 1
            if root and is_code:
                self.by_root[root][meta.owner or str(meta.uid)] += 1
            gap = _gap(meta)
            if gap is not None:
                self.gaps[directory].append(gap)

    def finish(self) -> ScanContext:
        ctx = self.ctx
        for root, owners in self.by_root.items():
            owner, n = owners.most_common(1)[0]
            if n >= 0.6 * sum(owners.values()) and owner not in WEB_USERS:
                ctx.root_owners[root] = owner
        # source folders that happen to be called upload/, images/...: mostly code, and plenty of it
        ctx.code_dirs = {d for d, n in self.code_per_dir.items() if n >= 5 and n >= 0.8 * self.per_dir[d]}
        for directory, values in self.gaps.items():
            if len(values) >= 3:
                values.sort()
                ctx.dir_gap_ns[directory] = values[len(values) // 2]
        return ctx


def _has_rows(db: Any, table: str) -> bool:
    try:
        return db.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone() is not None
    except Exception:  # noqa: BLE001 - a case from an older triage may lack the table
        return False


def web_roots(db: Any) -> list[str]:
    """Web roots the web collectors found (vhosts, url_map); empty when none."""
    roots: set[str] = set()
    if _has_rows(db, "vhosts"):
        roots.update(r["document_root"] for r in db.query("SELECT document_root FROM vhosts")
                     if r["document_root"])
    if _has_rows(db, "url_map"):
        roots.update(r["path"] for r in db.query("SELECT path FROM url_map") if r["path"])
    return sorted(r.rstrip("/") or "/" for r in roots)


def _gap(meta: FileMeta) -> int | None:
    """How much later the inode was born (or last changed) than its claimed mtime."""
    later = meta.btime_ns if meta.btime_ns is not None else meta.ctime_ns
    if later is None or meta.mtime_ns is None:
        return None
    return later - meta.mtime_ns


# -- rules -------------------------------------------------------------------

def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "triage" / "rules"


def rule_files(dirs: Iterable[str | os.PathLike[str]]) -> list[tuple[str, Path]]:
    """(namespace, file) for every .yar/.yara file under the folders, sorted."""
    out: list[tuple[str, Path]] = []
    for n, d in enumerate(dirs):
        base = Path(d)
        if base.is_file():
            out.append((f"{n}:{base.name}", base))
            continue
        if not base.is_dir():
            raise CaseError(f"no rule folder at {os.fspath(d)!r}")
        for p in sorted(base.rglob("*")):
            if p.suffix.lower() in (".yar", ".yara") and p.is_file():
                out.append((f"{n}:{p.relative_to(base).as_posix()}", p))
    return out


def _dummy_externals() -> dict[str, str]:
    return {name: "" for name in EXTERNALS}


def compile_rules(files: list[tuple[str, Path]], error_on_warning: bool = False,
                  ) -> tuple[yara.Rules | None, yara.Rules | None, list[str]]:
    """Compile content rules and path rules apart; a file that will not compile is skipped and named."""
    problems: list[str] = []
    content: dict[str, str] = {}
    by_path: dict[str, str] = {}
    for namespace, path in files:
        try:
            yara.compile(filepath=os.fspath(path), externals=_dummy_externals(), error_on_warning=error_on_warning)
        except yara.Error as exc:
            problems.append(f"{path}: {exc}")
            continue
        target = by_path if _PATH_EXTERNAL.search(path.read_bytes()) else content
        target[namespace] = os.fspath(path)
    content[HINTS_NAMESPACE] = os.fspath(HINTS)
    compiled = [yara.compile(filepaths=group, externals=_dummy_externals()) if group else None
                for group in (content, by_path)]
    return compiled[0], compiled[1], problems


def load_rules(dirs: Sequence[str | os.PathLike[str]]) -> tuple[yara.Rules | None, yara.Rules | None, str, list[str]]:
    """Compiled rules for the folders, from the cache when the digest matches."""
    files = rule_files(dirs)
    h = hashlib.sha256(f"yara {yara.YARA_VERSION} triage {triage.__version__}\0".encode())
    for namespace, path in [*files, (HINTS_NAMESPACE, HINTS)]:
        h.update(namespace.encode() + b"\0" + path.read_bytes() + b"\0")
    digest = h.hexdigest()
    cache = _cache_dir()
    parts = [cache / f"{digest}.{kind}.yarc" for kind in ("content", "path")]
    problems_file = cache / f"{digest}.problems.json"
    if problems_file.exists():
        try:
            loaded = [yara.load(os.fspath(p)) if p.exists() else None for p in parts]
            return loaded[0], loaded[1], digest, json.loads(problems_file.read_text())
        except (yara.Error, ValueError, OSError):
            pass  # a damaged cache is rebuilt below
    content, by_path, problems = compile_rules(files)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        for rules, p in zip((content, by_path), parts):
            if rules is not None:
                tmp = p.with_suffix(f".{os.getpid()}.tmp")
                rules.save(os.fspath(tmp))
                os.replace(tmp, p)
        problems_file.write_text(json.dumps(problems))
    except OSError:
        pass  # no writable cache: compile again next time
    return content, by_path, digest, problems


def loki_filetype(mime: str | None, head: bytes = b"") -> str:
    """The file type names LOKI's rules test (`filetype == "EXE"`)."""
    if head[:2] == b"MZ":
        return "EXE"
    if head[:4] == b"\x7fELF":
        return "ELF"
    found = _LOKI_BY_MIME.get(mime)
    if found is None:
        found = next((name for prefix, name in _LOKI_TYPES if mime and mime.startswith(prefix)), "-")
        if len(_LOKI_BY_MIME) < 10_000:
            _LOKI_BY_MIME[mime] = found
    return found


_LOKI_BY_MIME: dict[str | None, str] = {}


def _category(meta: dict[str, Any], rule: str, namespace: str) -> str:
    cat = str(meta.get("category") or "").lower()
    if cat in CATEGORIES:
        return cat
    text = f"{rule} {meta.get('description', '')} {namespace}".lower()
    if "dual-use" in text or "dualuse" in text:
        return "dual-use"
    if re.search(r"webshell|web.shell", text):
        return "webshell"
    if re.search(r"hacktool|miner|backdoor|rootkit|exploit|reverse.?shell|attacker|malware|trojan|apt_", text):
        return "attacker-tool"
    return "suspicious"


def _score(meta: dict[str, Any]) -> int:
    try:
        return max(0, min(100, int(meta.get("score", 70))))
    except (TypeError, ValueError):
        return 70


# -- signals -----------------------------------------------------------------

_PHP_OPEN = re.compile(rb"<\?php(?=[\s(/])|<\?=\s*\$|<\?\s+(?=\$\w|@?(?:eval|assert|system|exec|passthru|"
                       rb"shell_exec|include|require|echo|if|error_reporting|set_time_limit|ini_set)\b)|"
                       # PHP 5's script tag, still read by the PHP of a server nobody patched
                       rb"<script\s+language\s*=\s*['\"]?php['\"]?\s*>", re.I)
_PHP_SCRIPT = re.compile(rb"<script\s+language", re.I)
_JSP_OPEN = re.compile(rb"<%@\s*page\s|<jsp:(?:scriptlet|directive)|<%[!=]?\s*(?:out\.print|Runtime\.|request\.|"
                       rb"response\.|String\s|if\s*\(|try\s*\{|new\s|java\.)")
_ASP_OPEN = re.compile(rb"<%@\s*(?:Page|WebHandler|language)\s|<script\s+[^>]*runat\s*=\s*['\"]?server|"
                       rb"<%\s*(?:eval|execute|executeglobal|response\.|request|set\s|dim\s)", re.I)
_PRINTABLE = bytes(range(32, 127)) + b"\t\n\r"
_CODE_AFTER = re.compile(rb"[;{(]|\$[A-Za-z_]|%>")
_HTACCESS_EXEC = re.compile(
    rb"^\s*(?:AddType|AddHandler|SetHandler|ForceType|Action|AddOutputFilter)\b[^\n]*(?:php|x-httpd|cgi-script|"
    rb"server-parsed|proxy:unix|mod_python|python-program|perl-script|ruby-object|includes)[^\n]*$", re.I | re.M)
# code a handler could run kept in the .htaccess itself: PHP, ASP-style/PSP/ERB tags, SSI exec, a #! script
_HT_SELF_CODE = re.compile(rb"<\?|<%|<!--#exec|\A#!", re.I)
_HT_ITSELF = re.compile(rb"\s\.ht(?:access)?\b|\s\.htaccess$", re.I)
_PREPEND_CODE = ("php://input", "php://stdin", "data:", "http://", "https://", "ftp://", "expect://", "phar://")
_IMAGE_WORDS = re.compile(rb"\.?\b(?:jpe?g|png|gif|bmp|ico|txt|svg|webp|log)\b", re.I)
_PREPEND = re.compile(rb"^\s*(?:php_value\s+)?auto_(?:prepend|append)_file\s*[= ]\s*['\"]?([^\s'\"]+)",
                      re.I | re.M)
_BLOB = re.compile(rb"[A-Za-z0-9+/=_-]{120,}|(?:\\x[0-9a-fA-F]{2}){24,}|(?:\\[0-7]{3}){24,}|"
                   rb"(?:chr\(\d+\)\.){12,}")
OBFUSCATION_SAMPLE = 256 << 10
HISTOGRAM_SAMPLE = 16 << 10
_LONG_TOKEN = re.compile(rb"\S{120,}")


# -- function names put together from pieces ---------------------------------------
# PHP calls a function through a string, so shells spell the sink in pieces no signature
# sees whole: 'ass'.'ert', $a.$s."sert", str_replace('ym', '', 'crymeate_fymunction'),
# strrev('tressa'), str_rot13('flfgrz'), base64_decode('YXNzZXJ0'), chr(97).chr(115)...
ASSEMBLED_SINKS = ("assert", "eval", "system", "exec", "shell_exec", "passthru", "popen", "proc_open", "pcntl_exec",
                   "create_function", "call_user_func", "call_user_func_array", "preg_replace",
                   "register_shutdown_function", "array_map", "array_filter", "usort", "uasort", "uksort")
_PIECE = rb"(?:'[A-Za-z0-9_]{0,16}'|\"[A-Za-z0-9_]{0,16}\"|\$[A-Za-z_][A-Za-z0-9_]{0,30}|chr\(\s*\d{2,3}\s*\))"
_CHAIN = re.compile(_PIECE + rb"(?:\s*\.\s*" + _PIECE + rb"){1,15}")
_TRANSFORM = re.compile(rb"(strrev|str_rot13|base64_decode|hex2bin)\s*\(\s*"
                        rb"['\"]([A-Za-z0-9+/=_]{4,64})['\"]\s*\)", re.I)
_REPLACE = re.compile(rb"str_i?replace\s*\(\s*['\"]([^'\"\\]{1,12})['\"]\s*,\s*(?:''|\"\")\s*,\s*"
                      rb"['\"]([A-Za-z0-9_]{4,120})['\"]\s*\)", re.I)
_STRTR = re.compile(rb"strtr\s*\(\s*['\"]([A-Za-z0-9_]{3,40})['\"]\s*,\s*['\"]([^'\"\\]{1,20})['\"]\s*,\s*"
                    rb"['\"]([^'\"\\]{1,20})['\"]\s*\)", re.I)
_ASSIGN = re.compile(rb"\$([A-Za-z_][A-Za-z0-9_]{0,30})\s*=\s*(" + _PIECE + rb"(?:\s*\.\s*" + _PIECE + rb"){0,15})\s*;")
_ESCAPED = re.compile(rb'"((?:[A-Za-z0-9_]|\\x[0-9A-Fa-f]{2}|\\[0-7]{1,3}){3,40})"')
_PHP_ESCAPE = re.compile(r"\\x([0-9A-Fa-f]{2})|\\([0-7]{1,3})")
_PIECE_PARTS = re.compile(rb"'([A-Za-z0-9_]*)'|\"([A-Za-z0-9_]*)\"|\$([A-Za-z_][A-Za-z0-9_]*)|chr\(\s*(\d+)\s*\)")
_TEXT_FUNCTIONS = frozenset(("strrev", "str_rot13", "base64_decode", "hex2bin", "str_replace", "str_ireplace",
                             "strtr"))
_ESCAPE_HINTS = frozenset(("escape_x", "escape_1"))
# implode('', ['s','y','s','t','e','m']) or join('', $letters) after $letters = array('s', ...)
_JOIN = re.compile(rb"(?:implode|join)\s*\(\s*(?:''|\"\")\s*,\s*(?:(?:array\s*\(|\[)([^\])]{1,400})[\])]|"
                   rb"\$([A-Za-z_][A-Za-z0-9_]{0,30})\s*\))", re.I)
_PIECE_LIST = re.compile(rb"\s*(?:(?:'[A-Za-z0-9_]{0,16}'|\"[A-Za-z0-9_]{0,16}\")\s*,\s*){1,30}"
                         rb"(?:'[A-Za-z0-9_]{0,16}'|\"[A-Za-z0-9_]{0,16}\")\s*,?\s*")
_QUOTED = re.compile(rb"'([A-Za-z0-9_]*)'|\"([A-Za-z0-9_]*)\"")
_JOIN_HINTS = frozenset(("implode", "join"))
# the same junk stripped by a str_replace kept in a variable: $r("qz", "", "sqzysqztem")
_VAR_REPLACE = re.compile(rb"\$[A-Za-z_][A-Za-z0-9_]{0,30}\s*\(\s*['\"]([^'\"\\]{1,12})['\"]\s*,\s*(?:''|\"\")\s*,\s*"
                          rb"['\"]([A-Za-z0-9_]{4,120})['\"]\s*\)")
_CHAIN_HINTS = frozenset(("sink_prefix", "chr"))
ASSEMBLED_SAMPLE = 256 << 10
CHAIN_MAX = 8 << 10  # names split over variables and literals: looked for in small files only (~8 us a KB)


def _calls(data: bytes, low: bytes, names: tuple[bytes, ...], pattern: re.Pattern[bytes]) -> Iterator[re.Match[bytes]]:
    """Matches of ``pattern`` (case-insensitive, starting with the function name) where ``low`` has a name:
    a find() per name instead of trying the pattern at every byte."""
    for name in names:
        pos = low.find(name)
        while pos != -1:
            m = pattern.match(data, pos)
            if m:
                yield m
            pos = low.find(name, pos + 1)


_TRANSFORMS: dict[str, Callable[[str], str]] = {
    "strrev": lambda a: a[::-1], "str_rot13": lambda a: codecs.encode(a, "rot13"),
    "base64_decode": lambda a: base64.b64decode(a + "=" * (-len(a) % 4)).decode("ascii"),
    "hex2bin": lambda a: bytes.fromhex(a).decode("ascii"),
}


def _sink_in(text: str) -> str | None:
    low = text.lower().strip()
    return low if low in ASSEMBLED_SINKS else None


def assembled_sink(data: bytes, hints: frozenset[str] | None = None) -> tuple[str, str] | None:
    """A sink's name assembled from pieces in PHP source: (the name, the expression), or None.

    Only names that no single piece spells whole count: ordinary code writes
    'system' in one string when it means it. ``hints``: which of the function
    names and escapes YARA saw in ``data`` (see hints.yar); None: look here.
    """
    data = data[:ASSEMBLED_SAMPLE]
    found_names = _TEXT_FUNCTIONS if hints is None else hints & _TEXT_FUNCTIONS
    low = data.lower() if found_names else b""

    def present(*names: bytes) -> tuple[bytes, ...]:
        return tuple(n for n in names if n.decode() in found_names) if found_names else ()

    for m in _calls(data, low, present(b"strrev", b"str_rot13", b"base64_decode", b"hex2bin"), _TRANSFORM):
        func, arg = m.group(1).decode("ascii").lower(), m.group(2).decode("ascii")
        try:
            value = _TRANSFORMS[func](arg)
        except ValueError:  # not base64 or hex after all, or not text once decoded
            continue
        if found := _hidden(value, [arg], m):
            return found
    for m in _calls(data, low, present(b"str_replace", b"str_ireplace"), _REPLACE):
        junk, text = m.group(1).decode("latin-1"), m.group(2).decode("ascii")
        if found := _hidden(text.replace(junk, ""), [text], m):
            return found
    for m in _calls(data, low, present(b"strtr"), _STRTR):
        text, src, dst = (g.decode("latin-1") for g in m.groups())
        if found := _hidden(text.translate(str.maketrans(src[:len(dst)], dst[:len(src)])), [text], m):
            return found
    # letters escaped: \xHH, or octal \101-\172
    escapes = (b"\\x" in data or b"\\1" in data) if hints is None else not hints.isdisjoint(_ESCAPE_HINTS)
    for m in _ESCAPED.finditer(data) if escapes else ():  # "ass\x65rt": a name spelled with escapes
        if b"\\" not in m.group(1):
            continue
        try:
            value = _php_unescape(m.group(1).decode("ascii"))
        except ValueError:
            continue
        if found := _hidden(value, [], m):
            return found
    if len(data) > CHAIN_MAX:
        return None
    if b"''" in data or b'""' in data:
        for m in _VAR_REPLACE.finditer(data):
            junk, text = m.group(1).decode("latin-1"), m.group(2).decode("ascii")
            if found := _hidden(text.replace(junk, ""), [text], m):
                return found
    if hints is None or not hints.isdisjoint(_JOIN_HINTS):
        for m in _calls(data, data.lower(), (b"implode", b"join"), _JOIN):
            if found := _joined(data, m):
                return found
    # chains need a dot, and (from YARA's pass) a quoted prefix of a sink name or a chr()
    if b"." not in data or (hints is not None and hints.isdisjoint(_CHAIN_HINTS)):
        return None
    code = _uncommented(data)  # "s"./*-*/"e": comments between the pieces hide nothing
    known: dict[bytes, str] = {}
    for m in _ASSIGN.finditer(code):  # $a = 'as'; $b = $a . "sert";  in the order the script runs them
        chain = _chain_value(m.group(2), known)
        if chain is not None:
            known[m.group(1)] = chain[0]
            if found := _hidden(*chain, m):
                return found
    for m in _CHAIN.finditer(code):
        chain = _chain_value(m.group(), known)
        if chain is not None and (found := _hidden(*chain, m)):
            return found
    return None


_EVAL_NAMES = ("eval", "assert", "create_function")
_CALL_OPEN = re.compile(rb"\s*\(")
# base64, hex or a scrambled alphabet between quotes, 40 characters or more: one piece of a packed payload
_ENCODED_LITERAL = re.compile(rb"(?<=['\"])[A-Za-z0-9+/=_\r\n-]{40,}(?=['\"])")  # base64 may wrap lines
PACKED_SHARE = 0.5
PACKED_MIN = 1024


# register_globals shells: system($cmd) where nothing in the file gives $cmd a value, because PHP before
# 5.4 (or an extract() elsewhere) made every request parameter a global variable
_UNASSIGNED_SINKS = (b"system", b"exec", b"passthru", b"shell_exec", b"popen", b"proc_open", b"eval", b"assert")
_SINK_ON_VAR = re.compile(rb"(?<![\w$>:])(system|exec|passthru|shell_exec|popen|proc_open|eval|assert)\s*\(\s*@?"
                          rb"\$([A-Za-z_][A-Za-z0-9_]*)\s*[,)]", re.I)
UNASSIGNED_MAX = 32 << 10


def _assigned(code: bytes, name: bytes) -> bool:
    """Whether PHP source gives the variable a value anywhere: assignment, parameter, loop, list(),
    global/static, catch, by-reference use."""
    v = re.escape(name)
    return re.search(rb"\$" + v + rb"\s*(?:=(?!=)|\.=|\+=|\[)|"
                     rb"(?:function|fn)\s*&?\s*\w*\s*\([^)]*\$" + v + rb"\b|"
                     rb"\bas\s+(?:&?\$\w+\s*=>\s*)?&?\$" + v + rb"\b|"
                     rb"\b(?:list|global|static|catch)\b[^;{]*\$" + v + rb"\b|"
                     rb"&\s*\$" + v + rb"\b|\buse\s*\([^)]*\$" + v + rb"\b|"
                     rb"\[[^\]=]*\$" + v + rb"\b[^\]=]*\]\s*=(?!=)", code) is not None


def unassigned_sink(data: bytes) -> str | None:
    """A command or eval sink called on a variable this (small) PHP file never sets: the call, or None.

    Files that create variables in bulk (extract, parse_str, $$, import_request_variables, compact) or
    are too big to be one script are left alone."""
    if len(data) > UNASSIGNED_MAX:
        return None
    low = data.lower()
    if not any(_called(low, s) for s in _UNASSIGNED_SINKS):
        return None
    code = _uncommented(data)
    if re.search(rb"\b(?:extract|parse_str|import_request_variables|mb_parse_str)\s*\(|\$\$|\$\{", code, re.I):
        return None
    for m in _SINK_ON_VAR.finditer(code):
        name = m.group(2)
        if name in (b"this", b"GLOBALS") or name.startswith(b"_"):
            continue
        if not _assigned(code, name):
            return display(m.group().decode("ascii", "replace"))
    return None


def packed_share(data: bytes, hints: frozenset[str] | None = None) -> float:
    """The share of a PHP file held in long encoded string literals, when the file also calls eval, assert
    or create_function (0.0 otherwise, or for files under a kilobyte): a packed shell is mostly its
    payload, split in quoted chunks or not, and one call that runs it once decoded."""
    names = [n for n in _EVAL_NAMES if hints is None or n in hints]
    if len(data) < PACKED_MIN or not names:
        return 0.0
    low = data.lower()  # find() per name: a case-blind regex would try every byte
    if not any(_called(low, name.encode()) for name in names):
        return 0.0
    return sum(m.end() - m.start() for m in _ENCODED_LITERAL.finditer(data)) / len(data)


def _called(low: bytes, name: bytes) -> bool:
    """Whether lower-cased PHP source calls the function ``name`` (a whole word followed by "(")."""
    pos = low.find(name)
    while pos != -1:
        before = low[pos - 1:pos]
        if not (before.isalnum() or before in (b"_", b"$", b">", b":")) and _CALL_OPEN.match(low, pos + len(name)):
            return True
        pos = low.find(name, pos + 1)
    return False


def _uncommented(data: bytes) -> bytes:
    """PHP source without its /* */ comments (find() over a regex: docblocks are long)."""
    start = data.find(b"/*")
    if start == -1:
        return data
    parts, pos = [], 0
    while start != -1:
        end = data.find(b"*/", start + 2)
        if end == -1:  # unterminated ('dir/*' in a string, say): the rest stays
            break
        parts.append(data[pos:start])
        pos = end + 2
        start = data.find(b"/*", pos)
    parts.append(data[pos:])
    return b"".join(parts)


def _hidden(value: str, pieces: list[str], m: re.Match[bytes]) -> tuple[str, str] | None:
    """(sink name, expression) when ``value`` is a sink's name that no single piece spells whole."""
    name = _sink_in(value)
    if name and not any(name in piece.lower() for piece in pieces):
        return name, display(m.group().decode("ascii", "replace"))
    return None


def _joined(data: bytes, m: re.Match[bytes]) -> tuple[str, str] | None:
    """A sink's name that implode/join makes of a literal list of short strings, inline or in the
    variable it names (its last assignment before the call)."""
    body = m.group(1)
    if body is None:
        assign = re.compile(rb"\$" + re.escape(m.group(2)) + rb"\s*=\s*(?:array\s*\(|\[)([^\])]{1,400})[\])]")
        bodies = [a.group(1) for a in assign.finditer(data, 0, m.start())]
        if not bodies:
            return None
        body = bodies[-1]
    if not _PIECE_LIST.fullmatch(body):
        return None
    pieces = [(single or double).decode("ascii") for single, double in _QUOTED.findall(body)]
    return _hidden("".join(pieces), pieces, m)


def _chain_value(expr: bytes, known: dict[bytes, str]) -> tuple[str, list[str]] | None:
    """The string a chain of literals, known variables and chr() calls makes, and its pieces
    (None when a piece is not known)."""
    pieces = []
    for p in _PIECE_PARTS.finditer(expr):
        single, double, var, code = p.groups()
        if var is not None:
            if var not in known:
                return None
            pieces.append(known[var])
        elif code is not None:
            if not 32 <= int(code) < 127:
                return None
            pieces.append(chr(int(code)))
        else:
            pieces.append((single if single is not None else double).decode("ascii"))
    return "".join(pieces), pieces


def _php_unescape(text: str) -> str:
    """A PHP double-quoted string's \\xHH and octal escapes decoded (ValueError if not text)."""
    out = _PHP_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else chr(int(m.group(2), 8)), text)
    if not out.isascii():
        raise ValueError("not ASCII")
    return out


def find_code(data: bytes, hints: frozenset[str] | None = None) -> tuple[str, int] | None:
    """Server-side code in a file: ("php"|"jsp"|"asp", offset), strictly.

    A real open tag must be followed, within 200 bytes of mostly printable
    text, by something code-like, so stray ``<?`` or ``<%`` bytes inside image
    or media data do not count. ``hints``: which open tags YARA saw (see hints.yar).
    """
    if hints is None:
        php = b"<?" in data or _PHP_SCRIPT.search(data) is not None
        jsp = b"<%" in data or b"<jsp:" in data
        asp = jsp or b"runat" in data or b"RUNAT" in data
    else:
        php = "php_tag" in hints or "php_script" in hints
        jsp = "asp_tag" in hints or "jsp_tag" in hints
        asp = jsp or "runat" in hints or "RUNAT" in hints
    for lang, pattern, present in (("php", _PHP_OPEN, php), ("jsp", _JSP_OPEN, jsp), ("asp", _ASP_OPEN, asp)):
        if not present:
            continue
        for m in pattern.finditer(data):
            tail = data[m.end(): m.end() + 200]
            # a short block that closes (?> or %>) is judged alone: PHP in a JPEG comment or EXIF field
            # is followed by image bytes, not by more text
            close = [i for i in (tail.find(b"?>"), tail.find(b"%>")) if i > 0]
            if close:
                tail = tail[:min(close) + 2]
            printable = len(tail) - len(tail.translate(None, _PRINTABLE))
            if tail and printable >= 0.9 * len(tail) and _CODE_AFTER.search(tail):
                return lang, m.start()
    return None


def obfuscation(data: bytes) -> tuple[float, str]:
    """A 0-100 obfuscation measure and its parts; it ranks files, it never decides.

    Parts: Shannon entropy, index of coincidence (low for encoded or encrypted
    text), longest whitespace-free token, and the share of the file in long
    encoded blobs (base64, hex or octal escapes, chr() chains).
    """
    data = data[:OBFUSCATION_SAMPLE]
    n = len(data)
    if n < 64:
        return 0.0, ""
    sample = data[:HISTOGRAM_SAMPLE]
    k = len(sample)
    counts = Counter(sample).values()
    entropy = -sum(c / k * math.log2(c / k) for c in counts)
    ioc = sum(c * (c - 1) for c in counts) / (k * (k - 1))
    longest = max(map(len, data.split()), default=0)
    # blobs live in long tokens only, so the blob regex never walks ordinary code
    blob = 0.0
    if longest >= 120:
        blob = sum(len(m.group()) for t in _LONG_TOKEN.finditer(data) for m in _BLOB.finditer(t.group())) / n
    parts = (
        min(max((entropy - 4.8) / 1.2, 0.0), 1.0),
        min(max((0.055 - ioc) / 0.035, 0.0), 1.0),
        min(max(math.log10(max(longest, 1)) - 2.3, 0.0) / 1.7, 1.0),
        min(blob * 2, 1.0),
    )
    value = 100 * (0.25 * parts[0] + 0.15 * parts[1] + 0.25 * parts[2] + 0.35 * parts[3])
    return round(value, 1), f"entropy {entropy:.2f}, ioc {ioc:.4f}, longest token {longest}, blobs {blob:.0%}"


def _digest_as(meta: FileMeta, algo: str | None) -> str | None:
    """The file's digest in the package database's algorithm (md5 for dpkg; md5 or sha256 for rpm)."""
    algo = (algo or "md5").lower()
    return meta.md5 if algo == "md5" else meta.sha256 if algo == "sha256" else None


def _is_code(meta: FileMeta, data: bytes | None) -> bool:
    return meta.ext in SERVER_CODE_EXTS or bool(meta.mime and meta.mime.startswith(("text/x-php", "text/x-asp")))


def _under(path: str, roots: Iterable[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)


_UNSET: Any = object()


def signals(meta: FileMeta, data: bytes, context: ScanContext | None = None,
            code: tuple[str, int] | None = _UNSET, hints: frozenset[str] | None = None) -> list[Reason]:
    """Signals beyond signatures for one file; each a scored Reason (``code``: find_code's answer, if known;
    ``hints``: the hints.yar strings YARA found in ``data``, None when unknown)."""
    ctx = context or ScanContext()
    out: list[Reason] = []
    name, ext = meta.name, meta.ext
    lower = name.lower()
    directory = meta.directory
    web_root, dirs, in_tmp, upload, static, cache = ctx.place(directory)
    mime = meta.mime or ""
    is_elf = data[:4] == b"\x7fELF"
    media_type = mime.startswith(("image/", "audio/", "video/", "font/")) or mime in ("application/pdf",)
    parts = lower.lstrip(".").split(".")
    if code is _UNSET:
        # a .php/.jsp/.sh file is code by its name; others are looked into only where code would mean something
        looks = ext not in SCRIPT_EXTS and not is_elf and (
            ext in IMAGE_MEDIA_EXTS or ext in TEXT_EXTS or media_type or not ext or in_tmp or
            bool(upload or static or cache) or any(p in SERVER_CODE_EXTS for p in parts[1:-1]))
        code = find_code(data[:1 << 20], hints) if data and looks else None

    def add(rule: str, category: str, score: int, description: str, detail: str = "") -> None:
        out.append(Reason("signal", rule, category, score, description, detail))

    if code and (ext in IMAGE_MEDIA_EXTS or (media_type and ext not in SCRIPT_EXTS)):
        add("code_in_media_file", "webshell", 75,
            f"{code[0].upper()} code inside a file whose name or type says image/media",
            f"open tag at offset {code[1]}, type {mime or 'unknown'}")
    elif ext in SERVER_CODE_EXTS and media_type and find_code(data[:1 << 20], hints):
        add("image_header_on_code", "webshell", 60,
            "server code behind image magic bytes (upload filter bypass)", f"type {mime}")
    elif code and ext in TEXT_EXTS:
        where = web_root or upload or cache
        add("code_in_text_file", "suspicious", 35 if where else 15,
            f"{code[0].upper()} code inside a .{ext} file" + (" under a web root" if web_root else ""),
            f"open tag at offset {code[1]}")

    if len(parts) >= 3 or (len(parts) == 2 and parts[0]):
        inner = parts[1:-1] if len(parts) >= 3 else []
        if any(p in SERVER_CODE_EXTS for p in inner) and ext in IMAGE_MEDIA_EXTS | TEXT_EXTS:
            add("double_extension", "webshell" if code else "suspicious", 55 if code else 35,
                "server-code extension hidden before a harmless one (served as code by some setups)", name)
        elif any(p in IMAGE_MEDIA_EXTS for p in inner) and ext in SERVER_CODE_EXTS:
            add("double_extension", "suspicious", 30, "image-looking name that ends in a code extension", name)
    if (ext in PHP_EXTS or (code and code[0] == "php")) and data:
        assembled = assembled_sink(data, hints)
        if assembled:
            exec_sink = assembled[0] not in ("array_map", "array_filter", "usort", "uasort", "uksort",
                                             "register_shutdown_function", "call_user_func", "call_user_func_array")
            add("sink_name_assembled", "webshell" if exec_sink else "suspicious", 60 if exec_sink else 40,
                f"the function name {assembled[0]} is put together from pieces, as shells do to hide it "
                "from signatures", assembled[1][:200])
        if unassigned := unassigned_sink(data):
            add("sink_on_unset_variable", "webshell", 60,
                "a command or eval sink is called on a variable this script never sets: with register_globals "
                "(PHP before 5.4) that variable is the request's parameter of the same name", unassigned[:200])
        packed = packed_share(data, hints)
        if packed >= PACKED_SHARE:
            add("packed_code_executed", "suspicious", 55,
                "most of this PHP file is encoded text in string literals and it calls eval/assert: the code "
                "that runs is hidden (decode it before deciding)", f"{packed:.0%} of the file is encoded literals")
    if ext in ALT_PHP_EXTS and web_root:
        add("alternative_php_extension", "suspicious", 20,
            f".{ext}: a PHP extension upload filters often forget", name)
    if ext == "inc" and web_root and find_code(data[:65536], hints):
        add("inc_with_php", "suspicious", 10, ".inc file with PHP code under a web root (served as PHP on "
            "some setups, as source on others)")

    script = ext in SCRIPT_EXTS or (code is not None and ext not in IMAGE_MEDIA_EXTS | TEXT_EXTS) or \
        mime.startswith(SCRIPT_MIMES)
    server_code = (script and ext in SERVER_CODE_EXTS) or code is not None
    # the tiny index.php many apps drop in every folder to stop directory listing
    guard = lower.startswith("index.") and len(data) < 400 and b"$_" not in data
    if directory in ctx.code_dirs:
        pass
    elif server_code and upload and (web_root or "wp-content" in dirs):
        add("script_in_upload_dir", "suspicious", 55, f"server-side script in an upload folder ({upload}/)")
    elif server_code and upload:
        add("script_in_upload_dir", "suspicious", 30, f"server-side script in an upload-like folder ({upload}/)")
    elif server_code and static and not guard:
        add("script_in_upload_dir", "suspicious", 25, f"server-side script in a static-files folder ({static}/)")
    elif server_code and cache and web_root:
        add("script_in_cache_dir", "suspicious", 25, f"server-side script in a cache/temp folder ({cache}/)")
    if in_tmp and (script or is_elf):
        hidden = any(c.startswith(".") for c in meta.path.split("/")[2:])
        add("executable_in_tmp", "suspicious", 50 if hidden else 40,
            ("ELF program" if is_elf else "script") + " in a world-writable temp folder"
            + (" under a hidden name" if hidden else ""))

    if lower == ".htaccess":
        for m in _HTACCESS_EXEC.finditer(data):
            line = m.group().strip()
            if _HT_ITSELF.search(line):  # the .htaccess shell: PHP kept in the .htaccess, run as PHP
                add("htaccess_makes_files_executable", "webshell", 80,
                    ".htaccess makes .ht files (itself) run as code", display(line[:200]))
                break
            if line.lower().startswith(b"sethandler") and _HT_SELF_CODE.search(data):
                add("htaccess_makes_files_executable", "webshell", 80,
                    ".htaccess hands every file here, itself included, to a script handler, and holds code",
                    display(line[:200]))
                break
            if _IMAGE_WORDS.search(line) or (line.lower().startswith(b"sethandler") and upload):
                add("htaccess_makes_files_executable", "webshell", 70,
                    ".htaccess makes images or text files run as code", display(line[:200]))
                break
    if lower in (".htaccess", ".user.ini", "php.ini"):
        for m in _PREPEND.finditer(data):
            target = m.group(1).decode("utf-8", "replace")
            if target.lower() in ("none", '""', "''"):
                continue
            if target.lower().startswith(_PREPEND_CODE):
                add("auto_prepend_file", "webshell", 80,
                    f"{name} makes PHP run the request body, inline or remote code before or after every page",
                    display(target[:200]))
            else:
                add("auto_prepend_file", "suspicious", 45,
                    f"{name} makes PHP run a file before or after every page", display(target[:200]))

    if web_root and _is_code(meta, data) and meta.owner in WEB_USERS:
        other = ctx.root_owners.get(web_root)
        if other:
            add("web_user_owned_code", "suspicious", 45,
                f"code owned by the web server user {meta.owner} in a tree owned by {other}")

    known = ctx.package_files.get(meta.path) if ctx.package_files else None
    expected = known[1] if known is not None else None
    actual = _digest_as(meta, known[3] if known is not None and len(known) > 3 else "md5")
    packaged_copy = expected is not None and expected == actual
    # a package's file, or a maintainer script dpkg unpacked, keeps the package's mtime: not stomped
    gap = None if packaged_copy or meta.path.startswith(PACKAGE_DB_DIRS) else _gap(meta)
    if gap is not None and gap > DAY_NS:
        usual = ctx.dir_gap_ns.get(meta.directory)
        field_name = "birth" if meta.btime_ns is not None else "ctime"
        days = gap / DAY_NS
        if usual is not None and usual < 3600 * 10**9:
            add("timestomped", "suspicious", 45,
                f"{field_name} {days:.0f} days after its claimed mtime, unlike its neighbours (timestomping)")

    if ctx.package_files and (_is_code(meta, data) or is_elf or ext in SCRIPT_EXTS):
        if known is None:
            package = ctx.packaged_dirs.get(meta.directory)
            if package:
                add("not_in_package", "suspicious", 40,
                    f"code file in a folder of package {package} that the package does not ship")
        elif expected and actual and expected != actual and not known[2]:
            add("package_file_modified", "suspicious", 50,
                f"differs from the file package {known[0]} shipped (its recorded checksum)")
    return out


# -- combining ---------------------------------------------------------------

def combine(reasons: Sequence[Reason]) -> tuple[int, str]:
    """One score (noisy-or of the deciding reasons) and a verdict.

    Dual-use reasons are reported apart: they set the verdict only when
    nothing worse is there, and do not add to a shell's score. Rank and limit
    reasons never decide.
    """
    deciding = [r for r in reasons if r.kind in ("rule", "signal") and r.category != "dual-use"]
    keep = 1.0
    for r in deciding:
        keep *= 1 - r.score / 100
    score = round(100 * (1 - keep))
    weight = Counter()
    for r in deciding:
        if r.category in ("webshell", "attacker-tool"):
            weight[r.category] += r.score
    strongest = max((r.score for r in deciding if r.category in ("webshell", "attacker-tool")), default=0)
    if score >= 60 and strongest >= 50:
        return score, weight.most_common(1)[0][0]
    if score >= 40:
        return score, "suspicious"
    dual = [r.score for r in reasons if r.category == "dual-use" and r.kind in ("rule", "signal")]
    if dual:
        return max(max(dual), score), "dual-use"
    return score, "clean"


# -- the engine ----------------------------------------------------------------

class Scanner:
    """Rules and signals for one file at a time; thread-safe, reusable.

    Example::

        scanner = Scanner()                      # triage's own rules
        fd = evidence.open_fd("/var/www/x.php")
        result = scanner.scan("/var/www/x.php", fd, evidence.stat("/var/www/x.php"), mime="text/x-php")
        result.verdict, result.score, result.reason_texts()
    """

    def __init__(self, rule_dirs: Sequence[str | os.PathLike[str]] | None = None, *, own_rules: bool = True,
                 max_size: int = DEFAULT_MAX_SIZE, timeout: int = DEFAULT_TIMEOUT,
                 context: ScanContext | None = None) -> None:
        dirs = ([OWN_RULES] if own_rules else []) + [Path(d) for d in rule_dirs or ()]
        self.rule_dirs = dirs
        self.content_rules, self.path_rules, self.digest, self.problems = load_rules(dirs)
        self.max_size = max_size
        self.timeout = timeout
        self.context = context

    def read(self, fd: int, size: int | None = None) -> tuple[bytes, int]:
        """Up to max_size bytes from a descriptor, and the file's full size (``size``: known already)."""
        total = os.fstat(fd).st_size if size is None else size
        chunks, got = [], 0
        want = min(total, self.max_size)
        while got < want:
            chunk = os.pread(fd, want - got, got)
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks), total

    def scan(self, path: str, data: bytes | int, info: FileMeta | Stat | None = None, mime: str | None = None,
             *, owner: str | None = None, context: ScanContext | None = None) -> FileResult:
        """Judge one file. ``data`` is its bytes or a descriptor from the Evidence door."""
        if isinstance(info, FileMeta):
            meta = info
        elif isinstance(info, Stat):
            meta = FileMeta.from_stat(path, info, owner=owner, mime=mime)
        else:
            meta = FileMeta(path, mime=mime, owner=owner)
        if mime and not meta.mime:
            meta.mime = mime
        limits: list[Reason] = []
        if isinstance(data, int):
            data, total = self.read(data, None)
        else:
            total = len(data)
            if total > self.max_size:
                data = data[: self.max_size]
        if meta.size is None:
            meta.size = total
        if total > len(data):
            limits.append(Reason("limit", "size_cap", "suspicious", 0,
                                 f"only the first {len(data):,} of {total:,} bytes were scanned"))
        content, timeouts, hints = self.match(data, meta, content=True)
        by_path, more, _ = self.match(data, meta, content=False)
        return self.judge(meta, data, content + by_path, timeouts + more + limits, context, hints)

    def match(self, data: bytes, meta: FileMeta, content: bool = True,
              ) -> tuple[list[Reason], list[Reason], frozenset[str] | None]:
        """Rule matches (content rules or path rules), a limit reason if YARA timed out or failed, and
        the hints YARA found on the signals' behalf (None when it did not look: path rules, a timeout)."""
        rules = self.content_rules if content else self.path_rules
        if rules is None:
            return [], [], None
        if content:  # content rules test no path-like external (those files are path rules): md5 only
            externals = {"md5": meta.md5 or ""}
        else:
            # text YARA can take: a name that is not UTF-8 goes in with its bad bytes as \xNN (escapes hold
            # no "/" or ".", so the name and extension are the escaped path's own tail)
            filepath = display(meta.path)
            filename = filepath.rsplit("/", 1)[-1]
            externals = {
                "filename": filename, "filepath": filepath,
                "extension": "." + filename.rsplit(".", 1)[-1].lower() if meta.ext else "",
                "filetype": loki_filetype(meta.mime, data[:4]), "owner": display(meta.owner) if meta.owner else "",
                "md5": meta.md5 or "",
            }
        try:
            matches = rules.match(data=data, externals=externals, timeout=self.timeout, fast=True)
        except yara.TimeoutError:
            return [], [Reason("limit", "timeout", "suspicious", 0,
                               f"YARA timed out after {self.timeout}s; rules matched partly or not at all")], None
        except yara.Error as exc:
            return [], [Reason("limit", "yara_error", "suspicious", 0, f"YARA failed: {exc}")], None
        out = []
        hints: set[str] = set()
        for m in matches:
            if m.namespace == HINTS_NAMESPACE:  # a numbered family of strings is one hint ($sink_prefix_17)
                hints.update("sink_prefix" if s.identifier.startswith("$sink_prefix") else s.identifier[1:]
                             for s in m.strings)
                continue
            meta_d = dict(m.meta)
            detail = ""
            if m.strings:
                s = m.strings[0]
                if s.instances:
                    inst = s.instances[0]
                    detail = f"{s.identifier} at {inst.offset}: " + display(
                        bytes(inst.matched_data[:80]).decode("utf-8", "replace"))
            out.append(Reason("rule", m.rule, _category(meta_d, m.rule, m.namespace), _score(meta_d),
                              display(str(meta_d.get("description", m.rule))), detail,
                              m.namespace.split(":", 1)[-1]))
        return out, [], frozenset(hints) if content else None

    def judge(self, meta: FileMeta, data: bytes, matches: list[Reason], limits: Sequence[Reason] = (),
              context: ScanContext | None = None, hints: frozenset[str] | None = None) -> FileResult:
        """Add the signals to the rule matches and decide (``hints``: what match() found for the signals)."""
        reasons = list(matches) + signals(meta, data, context or self.context, hints=hints)
        if not reasons and not limits:  # most files: nothing to combine, rank or sort
            return FileResult(meta.path, meta.sha256, 0, "clean", [], 0.0)
        obf = 0.0
        # the measure ranks flagged files (on every clean file it would cost more than YARA itself)
        if reasons and data and (meta.ext in SCRIPT_EXTS or (meta.mime or "").startswith(SCRIPT_MIMES) or
                                 find_code(data[:65536], hints)):
            obf, parts = obfuscation(data)
            if obf >= 20:
                reasons.append(Reason("rank", "obfuscation", "suspicious", int(obf),
                                      "obfuscation measure (ranks only)", parts))
        reasons.extend(limits)
        score, verdict = combine(reasons)
        reasons.sort(key=lambda r: (r.kind not in ("rule", "signal"), -r.score))
        return FileResult(meta.path, meta.sha256, score, verdict, reasons, obf)


# -- scope -----------------------------------------------------------------------

def _glob_roots(evidence: Evidence | None, patterns: Iterable[str]) -> list[str]:
    roots: list[str] = []
    for p in patterns:
        if "*" in p:
            if evidence is not None:
                try:
                    roots.extend(evidence.glob(p))
                except EvidenceError:
                    continue
        else:
            roots.append(p)
    return roots


def in_scope(meta: FileMeta, roots: Sequence[str]) -> bool:
    """Default scope: under a scan root, or any script or ELF file anywhere."""
    if _under(meta.path, roots):
        return True
    mime = meta.mime or ""
    if meta.ext in SCRIPT_EXTS or mime.startswith(SCRIPT_MIMES) or mime.startswith(ELF_MIMES):
        return True
    return bool(meta.magic and meta.magic.startswith("ELF "))


def scope_roots(db: Any, evidence: Evidence | None) -> list[str]:
    found = web_roots(db) if db is not None else []
    web = found or _glob_roots(evidence, CONVENTIONAL_WEB_ROOTS)
    return sorted(set(web) | set(TMP_ROOTS) | set(HOME_ROOTS) | set(PERSIST_ROOTS))


# -- running over many files -------------------------------------------------------

@dataclass
class ScanSummary:
    run_id: int
    status: str
    files: int
    unique: int
    flagged: dict[str, int]
    errors: int
    seconds: float
    rules_digest: str
    problems: list[str]


Matched = tuple[bytes | None, list[Reason], list[Reason], "frozenset[str] | None", list[tuple[str, str]]]


def _match(scanner: Scanner, evidence: Evidence, metas: list[FileMeta]) -> Matched:
    """Read one content (its first readable path) and match the content rules: (data, matches, limits,
    hints, errors); data is None when no path could be read."""
    errors: list[tuple[str, str]] = []
    limits: list[Reason] = []
    for meta in metas:
        try:
            fd = evidence.open_fd(meta.path, follow=False)
        except EvidenceError as exc:
            errors.append((meta.path, exc.what))
            continue
        try:
            data, total = scanner.read(fd, meta.size)
        except OSError as exc:
            errors.append((meta.path, f"read failed: {exc.strerror or exc}"))
            continue
        finally:
            os.close(fd)
        if total > len(data):
            limits.append(Reason("limit", "size_cap", "suspicious", 0,
                                 f"only the first {len(data):,} of {total:,} bytes were scanned"))
        content, timeouts, hints = scanner.match(data, metas[0], content=True)
        return data, content, limits + timeouts, hints, errors
    return None, [], [], None, errors


def _judge(scanner: Scanner, metas: list[FileMeta], matched: Matched, context: ScanContext | None,
           ) -> tuple[list[FileResult], list[tuple[str, str]]]:
    """Judge each path of a matched content (path rules, signals, one score a path)."""
    data, content, limits, hints, errors = matched
    if data is None:
        return [], errors
    results = []
    for meta in metas:
        if scanner.path_rules is not None:
            by_path, more, _ = scanner.match(data, meta, content=False)
            result = scanner.judge(meta, data, content + by_path, limits + more, context, hints)
        else:
            result = scanner.judge(meta, data, content, limits, context, hints)
        for r in result.reasons:
            if r.kind == "limit":
                errors.append((meta.path, f"scan limit: {r.description}"))
        results.append(result)
    return results, errors


Batch = list[list[FileMeta]]
# what a batch gives back: its groups, how many files were judged, the results worth keeping
# (a clean file with nothing to say is only counted), and the errors
BatchResult = tuple[Batch, int, list[FileResult], list[tuple[str, str]]]


def _scan_batch(scanner: Scanner, evidence: Evidence, batch: Batch,
                context: ScanContext | None | Callable[[], ScanContext | None], keep_clean: bool = False,
                ) -> tuple[int, list[FileResult], list[tuple[str, str]]]:
    """Match every group of a batch, then judge them (``context``: the context, or a function that waits
    for it: a worker's first batch is matched while the parent is still building it)."""
    judged, kept, errors = 0, [], []
    matched = []
    for group in batch:
        try:
            matched.append((group, _match(scanner, evidence, group)))
        except Exception as exc:  # noqa: BLE001 - one odd file must not end the scan of the others
            errors.extend((m.path, f"scan failed on this file: {type(exc).__name__}: {exc}") for m in group)
    if callable(context):
        context = context()
    for group, found in matched:
        try:
            results, errs = _judge(scanner, group, found, context)
        except Exception as exc:  # noqa: BLE001
            errors.extend((m.path, f"scan failed on this file: {type(exc).__name__}: {exc}") for m in group)
            continue
        judged += len(results)
        errors.extend(errs)
        kept.extend(r for r in results if keep_clean or r.reasons or r.verdict != "clean")
    return judged, kept, errors


def run_jobs(scanner: Scanner, evidence: Evidence, groups: Iterable[list[FileMeta]],
             context: ScanContext | None = None, workers: int | None = None, keep_clean: bool = False,
             ) -> Iterator[BatchResult]:
    """Scan groups of same-content files in threads, yielding batches as they finish (``keep_clean``:
    a result for every file, not only for those with something to say).

    Groups travel in batches (about 4 MiB or 256 groups) so the per-task cost
    of the pool stays small beside YARA's, which runs without the GIL.
    """
    n = workers or os.cpu_count() or 1
    pending: dict[Future[Any], Batch] = {}
    with ThreadPoolExecutor(max_workers=n, thread_name_prefix="scan") as pool:
        for batch in _batches(groups):
            pending[pool.submit(_scan_batch, scanner, evidence, batch, context, keep_clean)] = batch
            if len(pending) >= n * 3:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    yield (pending.pop(f), *f.result())
        for f in list(pending):
            yield (pending.pop(f), *f.result())


_WORKER: tuple[Scanner, Evidence, Any] | None = None
_WORKER_CONTEXT: list[ScanContext | None] = []  # the context, once it has come


def _init_worker(root: str, rule_dirs: list[str], max_size: int, timeout: int, cache_home: str | None,
                 context_box: Any) -> None:
    """A scan process: the rules (from the digest cache the parent filled) and the door; the context
    comes through ``context_box`` when the parent has built it (it reads the inventory meanwhile)."""
    global _WORKER
    if cache_home is not None:  # the same rule cache as the parent, whatever this process inherited
        os.environ["XDG_CACHE_HOME"] = cache_home
    scanner = Scanner(rule_dirs, own_rules=False, max_size=max_size, timeout=timeout)
    _WORKER = (scanner, Evidence(root), context_box)
    _WORKER_CONTEXT.clear()


def _worker_context() -> ScanContext | None:
    assert _WORKER is not None, "_init_worker runs first"  # noqa: S101
    if not _WORKER_CONTEXT:
        _WORKER_CONTEXT.append(_WORKER[2].get())
    return _WORKER_CONTEXT[0]


def _pack(batch: Batch) -> list[list[tuple[Any, ...]]]:
    """A batch as plain tuples: a quarter of the pickling cost of dataclass instances, both ways."""
    # magic stays home: only the scope test reads it, and it is the longest text in the row
    return [[(m.path, m.size, m.uid, m.owner, m.mtime_ns, m.ctime_ns, m.btime_ns, m.mime, None, m.sha256, m.md5,
              m.ext) for m in group] for group in batch]


def _process_batch(packed: list[list[tuple[Any, ...]]]) -> tuple[int, list[FileResult], list[tuple[str, str]]]:
    assert _WORKER is not None, "_init_worker runs first"  # noqa: S101
    scanner, evidence, _box = _WORKER
    return _scan_batch(scanner, evidence, [[FileMeta(*t) for t in group] for group in packed], _worker_context)


class Workers:
    """Scan worker processes, started before the inventory is read so that their start-up (imports,
    rules) overlaps it; the context follows, once, when the parent has built it."""

    def __init__(self, scanner: Scanner, evidence: Evidence, workers: int) -> None:
        ctx = procs.context()
        self.n = workers
        self._box = ctx.Queue()
        self._box.cancel_join_thread()  # a context no worker took must not hold the parent at exit
        self._sent = False
        init = (evidence.root, [os.fspath(d) for d in scanner.rule_dirs], scanner.max_size, scanner.timeout,
                os.environ.get("XDG_CACHE_HOME"), self._box)
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                                        initargs=init)
        for _ in range(workers):  # a task each, so every process starts now
            self.pool.submit(int)
        self.ahead: dict[Future[Any], Batch] = {}

    def send_ahead(self, batch: Batch) -> None:
        """A batch sent before the context: matched at once, judged when the context comes."""
        self.ahead[self.pool.submit(_process_batch, _pack(batch))] = batch

    def send_context(self, context: ScanContext | None) -> None:
        if not self._sent:
            self._sent = True
            for _ in range(self.n):
                self._box.put(context)

    def close(self, cancel: bool = False) -> None:
        self.send_context(None)  # a worker still starting must not wait for it forever
        self.pool.shutdown(wait=True, cancel_futures=cancel)


def _batches(groups: Iterable[list[FileMeta]]) -> Iterator[Batch]:
    """Groups in batches of about 4 MiB or 256 groups, so a task's overhead (pickling, the pool's threads
    waking, the pipe) stays small beside YARA's: 64-group batches cost the parent a third more CPU.
    The last few hundred groups of a known-length list go out in small batches, so no worker sits
    idle at the end while another finishes a big one."""
    tail = len(groups) - 1024 if isinstance(groups, list) else None
    batch: Batch = []
    size = 0
    for i, group in enumerate(groups):
        batch.append(group)
        size += group[0].size or 0
        limit = 32 if tail is not None and i >= tail else 256
        if len(batch) >= limit or size >= 4 << 20:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def run_processes(scanner: Scanner, evidence: Evidence, groups: Iterable[list[FileMeta]],
                  context: ScanContext | None = None, workers: int = 2, started: Workers | None = None,
                  ) -> Iterator[BatchResult]:
    """Like run_jobs, in worker processes: reading, matching and signals escape the parent's GIL.

    Each worker loads the compiled rules once (from the cache by digest) and
    gets the context once; batches of FileMeta go out, the results worth
    keeping come back, and the parent alone writes the case. ``started``:
    workers started earlier (see Workers).
    """
    pool = started or Workers(scanner, evidence, workers)
    pool.send_context(context)
    pending: dict[Future[Any], Batch] = dict(pool.ahead)
    try:
        for batch in _batches(groups):
            pending[pool.pool.submit(_process_batch, _pack(batch))] = batch
            if len(pending) >= pool.n * 3:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    yield (pending.pop(f), *f.result())
        for f in list(pending):
            yield (pending.pop(f), *f.result())
    except BaseException:
        for f in pending:
            f.cancel()
        pool.close(cancel=True)
        raise
    pool.close()


def scan_tree(scanner: Scanner, evidence: Evidence, top: str = "/", workers: int | None = None,
              ) -> Iterator[FileResult]:
    """A result for every regular file under ``top`` (no case, no dedup, no scope)."""
    def groups() -> Iterator[list[FileMeta]]:
        for entry in evidence.walk(top):
            if stat_mod.S_ISREG(entry.stat.mode):
                yield [FileMeta.from_stat(entry.path, entry.stat)]

    for _batch, _judged, results, _errors in run_jobs(scanner, evidence, groups(), None, workers, keep_clean=True):
        yield from results


AHEAD_BYTES = 64 << 20  # what a worker may hold, read and matched, while it waits for the context
AHEAD_SHARE = 25  # a worker gets 1/25 of the inventory ahead: a file costs the parent ~6 us, a match ~150


def _send_ahead(workers: Workers | None, groups: list[list[FileMeta]], n: int) -> None:
    """The groups sent ahead, in one batch a worker."""
    if workers is not None and groups:
        share = -(-len(groups) // n)
        for i in range(0, len(groups), share):
            workers.send_ahead(groups[i:i + share])


def _latest_root(db: Any) -> str | None:
    row = db.execute("SELECT evidence_root FROM runs WHERE command = 'collect' AND evidence_root IS NOT NULL "
                     "ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else None


def scan_case(case_path: str, evidence_root: str | None = None, rule_dirs: Sequence[str] | None = None, *,
              own_rules: bool = True, all_files: bool = False, dedup: bool = True, workers: int | None = None,
              max_size: int = DEFAULT_MAX_SIZE, timeout: int = DEFAULT_TIMEOUT, argv: list[str] | None = None,
              progress: Callable[[int, int], None] | None = None, processes: bool | None = None,
              resume: bool = False) -> ScanSummary:
    """Scan a case's inventory and write the run, findings and file scores.

    ``processes``: scan in worker processes (True) or threads (False); by
    default processes when more than one worker and enough files to repay
    starting them. ``resume``: finish the case's last scan, interrupted or
    killed, with the same rules and options (what it judged is kept).
    """
    started = time.monotonic()
    db = open_case(case_path, create=False)
    root = evidence_root or _latest_root(db)
    if not root:
        raise CaseError("this case has no collection to scan; run triage collect first or give --evidence")
    if not os.path.isdir(root):
        raise CaseError(f"the evidence root {root!r} is not there; mount it or give --evidence")
    check_location(case_path, root)
    evidence = Evidence(root)
    scanner = Scanner(rule_dirs, own_rules=own_rules, max_size=max_size, timeout=timeout)
    if os.path.commonpath([os.path.realpath(_cache_dir()), evidence.root]) == evidence.root:
        raise CaseError("the rule cache would be inside the evidence root; set XDG_CACHE_HOME elsewhere")
    options = {"rules": [os.fspath(d) for d in scanner.rule_dirs], "all": all_files, "dedup": dedup,
               "max_size": max_size, "timeout": timeout}
    done_before = _Done()
    if resume:
        run_id, done_before = _resumable(db, scanner.digest, options)
        with transaction(db):
            db.execute("UPDATE runs SET status = 'running', ended = NULL WHERE id = ?", [run_id])
    else:
        with transaction(db):
            run_id = db["runs"].insert({
                "command": "scan", "tool_version": triage.__version__, "rules_digest": scanner.digest,
                "evidence_root": evidence.root, "argv": json.dumps(argv if argv is not None else sys.argv),
                "options": json.dumps(options), "started": now(), "status": "running",
            }).last_pk
            for table in ("findings", "file_scores", "scan_done"):
                db.execute(f"DELETE FROM {table}")
            db.execute("DELETE FROM errors WHERE collector = 'scan'")
    error_sql = ("INSERT OR IGNORE INTO errors (run_id, collector, path, line, what, at) "
                 "VALUES (?, 'scan', ?, NULL, ?, ?)")
    for problem in scanner.problems:
        db.execute(error_sql, [run_id, None, f"rule file skipped: {problem}", now()])

    n = workers or os.cpu_count() or 1
    regular = 0 if processes is False else db.execute("SELECT count(*) FROM files WHERE type = 'file'").fetchone()[0]
    if processes is None:  # processes when there is more than one core and enough files to repay starting them
        processes = n > 1 and regular >= 2000
    # started now, so that loading the rules in them overlaps reading the inventory here
    started_workers = Workers(scanner, evidence, n) if processes else None
    try:  # workers waiting for a context that never comes must not outlive a failure here
        roots = scope_roots(db, evidence)
        # files sent ahead: the workers match them while this process reads the rest of the inventory and
        # builds the context (a few microseconds a file, against a match's hundred or more); only contents
        # no other file shares, so deduplication stays whole
        want = regular // AHEAD_SHARE * n if started_workers is not None and not resume else 0
        dups = _duplicated(db) if want and dedup else set()
        ahead: list[list[FileMeta]] = []
        ahead_bytes = 0
        metas: list[FileMeta] = []  # the files to scan; the context sees every file, chunk by chunk
        builder = _ContextBuilder(ScanContext, db)
        for chunk in inventory_chunks(db):
            builder.add(chunk)
            if not all_files:
                chunk = [m for m in chunk if in_scope(m, roots)]
            metas.extend(chunk)
            for m in chunk if want else ():
                if not (dedup and m.sha256 in dups):
                    ahead.append([m])
                    ahead_bytes += m.size or 0
                    if len(ahead) >= want or ahead_bytes >= AHEAD_BYTES * n:
                        break
            if want and (len(ahead) >= want or ahead_bytes >= AHEAD_BYTES * n):
                _send_ahead(started_workers, ahead, n)
                want = 0
        if want:
            _send_ahead(started_workers, ahead, n)
        context = builder.finish()
        # each content's place in inventory order names it across runs (what --resume skips)
        order: dict[str | int, int] = {}
        for m in metas:
            order.setdefault(_group_key(m, dedup), len(order))
        sent = {id(group[0]) for group in ahead}
        groups: dict[str | int, list[FileMeta]] = {_group_key(group[0], dedup): group for group in ahead}
        for m in metas:
            if id(m) not in sent:
                groups.setdefault(_group_key(m, dedup), []).append(m)
        place = {id(g): order[key] for key, g in groups.items()}
        todo = [g for g in groups.values() if place[id(g)] not in done_before]
        later = [g for g in todo if id(g[0]) not in sent]
        done_earlier = sum(len(g) for g in groups.values() if place[id(g)] in done_before)
    except BaseException:
        if started_workers is not None:
            started_workers.close(cancel=True)
        raise

    writer = BatchWriter(db)
    errors: list[tuple[str, list[object]]] = []
    flagged: Counter[str] = Counter()
    done = 0
    status = "complete"
    try:
        jobs = (run_processes(scanner, evidence, later, context, n, started_workers) if processes
                else run_jobs(scanner, evidence, todo, context, n))
        finished: set[int] = set()

        def take(jobs: Iterable[BatchResult]) -> None:
            nonlocal done
            for batch, judged, results, errs in jobs:
                finished.update(id(g) for g in batch)
                for first, last in _ranges(sorted(place[id(g)] for g in batch)):
                    writer.add("scan_done", {"run_id": run_id, "first": first, "last": last})
                for path, what in errs:
                    errors.append((error_sql, [run_id, display(path), what, now()]))
                for res in results:
                    if res.reasons:  # a file with nothing to say is counted in the run, not stored
                        _write(writer, run_id, res)
                    if res.verdict != "clean":
                        flagged[res.verdict] += 1
                if writer.count >= 2000 or errors:
                    writer.flush(errors)
                    errors.clear()
                before, done = done, done + judged
                if progress and before // 5000 != done // 5000:
                    progress(done, len(metas))

        try:
            take(jobs)
        except BrokenProcessPool:  # a hostile file crashed YARA in a worker: finish here, say so
            errors.append((error_sql, [run_id, None, "a scan worker process died (a file crashing YARA?); "
                                       "the files it had not reported were scanned again in-process", now()]))
            rest = [g for g in todo if id(g) not in finished]
            take(run_jobs(scanner, evidence, rest, context, n))
    except KeyboardInterrupt:
        status = "interrupted"
    except BaseException:
        status = "failed"
        raise
    finally:
        writer.flush(errors)
        n_err = db.execute("SELECT count(*) FROM errors WHERE run_id = ? AND collector = 'scan'",
                           [run_id]).fetchone()[0]
        counts = {t: db.execute(f"SELECT count(*) FROM {t} WHERE run_id = ?", [run_id]).fetchone()[0]
                  for t in ("findings", "file_scores")}
        counts.update(scanned=done + done_earlier, unique_contents=len(groups))
        with transaction(db):
            db.execute("UPDATE runs SET ended = ?, status = ?, row_counts = ?, error_count = ? WHERE id = ?",
                       [now(), status, json.dumps(counts), n_err, run_id])
        if status != "interrupted":
            # every run ends sealed (triage verify checks against the last seal); a scan wrote these four
            custody.seal(db, run_id, changed={"runs", "findings", "file_scores", "errors", "scan_done"})
    if resume:  # the verdicts of the whole run, the part scanned before the interruption included
        flagged = Counter(dict(db.execute("SELECT verdict, count(*) FROM file_scores WHERE run_id = ? AND "
                                          "verdict != 'clean' GROUP BY verdict", [run_id]).fetchall()))
    return ScanSummary(run_id, status, len(metas), len(groups), dict(flagged), n_err,
                       time.monotonic() - started, scanner.digest, scanner.problems)


def _group_key(meta: FileMeta, dedup: bool) -> str | int:
    """Files of one content share a key (their sha256); any other file is its own group (keyed by the
    object itself: a key only needs to be unique within the run, its place in inventory order names it)."""
    return meta.sha256 if dedup and meta.sha256 else id(meta)


def _ranges(places: list[int]) -> Iterator[tuple[int, int]]:
    """Sorted integers as (first, last) runs: [1, 2, 3, 7] -> (1, 3), (7, 7)."""
    start = prev = None
    for p in places:
        if start is None:
            start = prev = p
        elif p == prev + 1:
            prev = p
        else:
            yield start, prev
            start = prev = p
    if start is not None:
        yield start, prev


def _resumable(db: Any, digest: str, options: dict[str, Any]) -> tuple[int, _Done]:
    """The last scan run, if it did not finish and ran with these rules and options, and what it judged."""
    row = db.execute("SELECT id, status, rules_digest, options FROM runs WHERE command = 'scan' "
                     "ORDER BY id DESC LIMIT 1").fetchone()
    if row is None or row[1] == "complete":
        raise CaseError("nothing to resume: the last scan of this case finished (or there is none)")
    if row[2] != digest or json.loads(row[3] or "{}") != options:
        raise CaseError("the unfinished scan ran with other rules or options; scan again without --resume")
    return row[0], _Done(db.execute("SELECT first, last FROM scan_done WHERE run_id = ? ORDER BY first",
                                    [row[0]]).fetchall())


class _Done:
    """Membership in a run's judged ranges, by bisection (a million contents need no million-entry set)."""

    def __init__(self, ranges: list[tuple[int, int]] | None = None) -> None:
        merged: list[list[int]] = []
        for first, last in sorted(ranges or ()):
            if merged and first <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], last)
            else:
                merged.append([first, last])
        self.firsts = [f for f, _ in merged]
        self.lasts = [last for _, last in merged]

    def __contains__(self, place: object) -> bool:
        i = bisect.bisect_right(self.firsts, place) - 1
        return i >= 0 and place <= self.lasts[i]  # type: ignore[operator]


def _write(writer: BatchWriter, run_id: int, res: FileResult) -> None:
    path = display(res.path)
    for r in res.reasons:
        writer.add("findings", {"run_id": run_id, "path": path, "sha256": res.sha256, "kind": r.kind,
                                "rule": display(r.rule), "category": r.category, "score": r.score,
                                "description": display(r.description), "detail": display(r.detail),
                                "ruleset": display(r.ruleset)})
    writer.add("file_scores", {"run_id": run_id, "path": path, "sha256": res.sha256, "score": res.score,
                               "verdict": res.verdict, "reasons": json.dumps(res.reason_texts()),
                               "obfuscation": res.obfuscation,
                               "top_rule": res.reasons[0].rule if res.reasons else None})
