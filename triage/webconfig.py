"""Apache and nginx configuration as the server would read it.

Both parsers start where the packaged server starts (apache2.conf/httpd.conf,
nginx.conf), follow Include/IncludeOptional/include globs in order (as the
server does: relative to ServerRoot or the nginx prefix), substitute Debian's
envvars (${APACHE_LOG_DIR} ...), and produce:

* ``directives``: every directive with file, line, scope (for web_config);
* ``vhosts``: each virtual host with names, listen, document root, user and
  group, how PHP runs, its log files and their formats, and its URL map
  (document root, Alias/ScriptAlias/AliasMatch, nginx location root/alias).

Conditional sections (<IfModule>, <IfDefine>) are read as active: on a seized
disk we cannot ask the server which modules it loaded, and an attacker's
directive inside one still matters.
"""

from __future__ import annotations

import itertools
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from triage.evidence import Evidence, EvidenceError

APACHE_MAIN = (
    "/etc/apache2/apache2.conf",
    "/etc/httpd/conf/httpd.conf",
    "/etc/httpd/httpd.conf",
    "/etc/apache2/httpd.conf",
    "/usr/local/apache2/conf/httpd.conf",
    "/usr/local/etc/apache24/httpd.conf",
    "/opt/lampp/etc/httpd.conf",
)
NGINX_MAIN = ("/etc/nginx/nginx.conf", "/usr/local/nginx/conf/nginx.conf", "/usr/local/etc/nginx/nginx.conf")
MAX_CONFIG = 4 << 20
MAX_CONFIG_LINES = 200_000
MAX_INCLUDES = 2000
PHP_EXT = re.compile(r"\.(?:php\d?|phtml|pht|phar|inc)\b", re.I)


@dataclass
class Directive:
    source: str
    line: int
    name: str
    args: list[str]
    scope: str  # "" for the main server, else "<VirtualHost *:80> <Directory /x>" ...

    @property
    def value(self) -> str:
        return " ".join(self.args)


@dataclass
class Mapping:
    url_prefix: str
    path: str
    kind: str  # document_root, alias, script_alias, alias_match, location_root, location_alias
    executes_php: bool
    source: str
    line: int


@dataclass
class VHost:
    server: str
    source: str
    line: int
    name: str | None = None
    aliases: list[str] = field(default_factory=list)
    listen: list[str] = field(default_factory=list)
    document_root: str | None = None
    user: str | None = None
    group: str | None = None
    php: list[str] = field(default_factory=list)
    access_logs: list[dict[str, str | None]] = field(default_factory=list)
    error_logs: list[str] = field(default_factory=list)
    tls: bool = False
    mappings: list[Mapping] = field(default_factory=list)


@dataclass
class ServerConfig:
    server: str
    main: str
    directives: list[Directive] = field(default_factory=list)
    vhosts: list[VHost] = field(default_factory=list)
    log_formats: dict[str, str] = field(default_factory=dict)
    errors: list[tuple[str, int | None, str]] = field(default_factory=list)


# -- Apache ----------------------------------------------------------------------
def _split_args(text: str) -> list[str]:
    """Apache argument splitting: whitespace, with "..." or '...' quoting and \\" inside."""
    args, i, n = [], 0, len(text)
    while i < n:
        while i < n and text[i] in " \t":
            i += 1
        if i >= n:
            break
        if text[i] in "\"'":
            q = text[i]
            i += 1
            buf = []
            while i < n and text[i] != q:
                if text[i] == "\\" and i + 1 < n and text[i + 1] in (q, "\\"):
                    i += 1
                buf.append(text[i])
                i += 1
            i += 1
            args.append("".join(buf))
        else:
            j = i
            while j < n and text[j] not in " \t":
                j += 1
            args.append(text[i:j])
            i = j
    return args


def read_envvars(evidence: Evidence, path: str = "/etc/apache2/envvars") -> dict[str, str]:
    """Debian's envvars: export NAME=value lines, $SUFFIX taken as empty (the default instance)."""
    env = {"SUFFIX": ""}
    try:
        lines = list(evidence.lines(path, max_line=8192))
    except EvidenceError:
        return {}
    for _, line in lines:
        m = re.match(r"\s*(?:export\s+)?([A-Za-z_]\w*)=(.*)$", line)
        if not m:
            continue
        value = m.group(2).strip().strip("'\"")
        value = re.sub(r"\$\{?(\w+)\}?", lambda v: env.get(v.group(1), ""), value)
        env[m.group(1)] = value
    env.pop("SUFFIX", None)
    return env


class ApacheReader:
    def __init__(self, evidence: Evidence, main: str) -> None:
        self.ev = evidence
        self.main = main
        self.server_root = (
            posixpath.dirname(posixpath.dirname(main)) if "/conf/" in main else posixpath.dirname(main)
        )
        self.env = read_envvars(evidence, posixpath.join(posixpath.dirname(main), "envvars"))
        self.config = ServerConfig("apache", main)
        self.includes = 0
        self._stack: list[str] = []

    def _subst(self, text: str) -> str:
        return re.sub(r"\$\{(\w+)\}", lambda m: self.env.get(m.group(1), m.group(0)), text)

    def read(self) -> ServerConfig:
        self._read_file(self.main, [])
        build_apache_vhosts(self.config)
        return self.config

    def _abs(self, path: str) -> str:
        return path if path.startswith("/") else posixpath.normpath(posixpath.join(self.server_root, path))

    def _read_file(self, path: str, scope: list[str]) -> None:
        if path in self._stack or len(self._stack) > 16:
            self.config.errors.append((path, None, "include loop; not read again"))
            return
        try:
            lines = list(itertools.islice(self.ev.lines(path, max_line=65536), MAX_CONFIG_LINES + 1))
        except EvidenceError as exc:
            self.config.errors.append((path, None, exc.what))
            return
        if len(lines) > MAX_CONFIG_LINES:
            self.config.errors.append((path, MAX_CONFIG_LINES, f"more than {MAX_CONFIG_LINES} lines; the rest "
                                                              "not read"))
            lines = lines[:MAX_CONFIG_LINES]
        self._stack.append(path)
        pending, start = "", 0
        for number, text in lines:
            if pending == "":
                start = number
            if text.endswith("\\"):
                pending += text[:-1] + " "
                continue
            line = (pending + text).strip()
            pending = ""
            if not line or line.startswith("#"):
                continue
            self._line(path, start, line, scope)
        self._stack.pop()

    def _line(self, path: str, number: int, line: str, scope: list[str]) -> None:
        if line.startswith("</"):
            if scope:
                scope.pop()
            return
        if line.startswith("<"):
            tag = line[1:].rstrip(">").strip()
            name, _, arg = tag.partition(" ")
            scope.append(f"<{name} {self._subst(arg.strip())}>".replace(" >", ">"))
            self.config.directives.append(
                Directive(path, number, "<" + name, _split_args(self._subst(arg)), " ".join(scope[:-1]))
            )
            return
        name, _, rest = line.partition(" ")
        if "\t" in name:
            name, _, more = name.partition("\t")
            rest = more + " " + rest
        args = _split_args(self._subst(rest))
        self.config.directives.append(Directive(path, number, name, args, " ".join(scope)))
        if name.lower() in ("include", "includeoptional") and args:
            pattern = self._abs(args[0])
            matches = self.ev.glob(pattern) if any(c in pattern for c in "*?[") else [pattern]
            if not matches and name.lower() == "include" and not any(c in pattern for c in "*?["):
                self.config.errors.append((path, number, f"Include {args[0]}: not found in the image"))
            for match in matches:
                if self.includes >= MAX_INCLUDES:
                    self.config.errors.append((path, number, "too many included files; stopped"))
                    return
                if self.ev.is_dir(match):
                    for sub in self.ev.listdir(match):
                        self.includes += 1
                        self._read_file(posixpath.join(match, sub), scope)
                else:
                    self.includes += 1
                    self._read_file(match, scope)
        elif name.lower() == "serverroot" and args:
            self.server_root = args[0]


def _php_handler(d: Directive) -> bool:
    n = d.name.lower()
    v = d.value.lower()
    if n in ("addhandler", "addtype", "sethandler", "forcetype"):
        return "php" in v
    if n in ("proxypassmatch", "proxypass"):
        return "fcgi://" in v or "unix:" in v and "php" in v
    return False


def build_apache_vhosts(cfg: ServerConfig) -> None:
    """VirtualHost sections with what the main server gives them by default."""
    main = VHost("apache", cfg.main, 1)
    sections: dict[tuple[str, int], VHost] = {}
    php_global: list[str] = []
    php_any = False
    for d in cfg.directives:
        n = d.name.lower()
        if n == "logformat" and d.args:
            nick = d.args[1] if len(d.args) > 1 else "common"
            cfg.log_formats[nick] = d.args[0]
        if n == "loadmodule" and d.args and "php" in d.args[0].lower():
            php_global.append(f"mod_php ({d.args[0]})")
        if _php_handler(d):
            php_any = True
    vh_of: list[tuple[Directive, VHost | None]] = []
    current: VHost | None = None
    for d in cfg.directives:
        if d.name.lower() == "<virtualhost":
            current = VHost("apache", d.source, d.line, listen=list(d.args))
            sections[(d.source, d.line)] = current
            continue
        inside = "<VirtualHost" in d.scope
        if not inside:
            current = None
        vh_of.append((d, current if inside else None))
    for d, vh in vh_of:
        target = vh or main
        n = d.name.lower()
        a = d.args
        if n == "servername" and a:
            target.name = a[0]
        elif n == "serveralias":
            target.aliases.extend(a)
        elif n == "documentroot" and a:
            target.document_root = a[0].rstrip("/") or "/"
            target.mappings.append(
                Mapping("/", target.document_root, "document_root", False, d.source, d.line)
            )
        elif n in ("alias", "scriptalias") and len(a) >= 2:
            kind = "alias" if n == "alias" else "script_alias"
            target.mappings.append(Mapping(a[0], a[1], kind, kind == "script_alias", d.source, d.line))
        elif n in ("aliasmatch", "scriptaliasmatch") and len(a) >= 2:
            target.mappings.append(
                Mapping(a[0], a[1], "alias_match", n.startswith("script"), d.source, d.line)
            )
        elif n == "user" and a and not d.scope:
            main.user = a[0]
        elif n == "group" and a and not d.scope:
            main.group = a[0]
        elif n in ("suexecusergroup", "assignuserid") and len(a) >= 2:
            target.user, target.group = a[0], a[1]
        elif n == "listen" and a and vh is None:
            main.listen.append(a[0])
        elif n == "customlog" and a:
            fmt = a[1] if len(a) > 1 else "common"
            target.access_logs.append(
                {
                    "path": a[0],
                    "format": cfg.log_formats.get(fmt, fmt),
                    "nickname": fmt if fmt in cfg.log_formats else None,
                }
            )
        elif n == "transferlog" and a:
            target.access_logs.append(
                {"path": a[0], "format": cfg.log_formats.get("common"), "nickname": None}
            )
        elif n == "errorlog" and a:
            target.error_logs.append(a[0])
        elif n in ("sslengine",) and a and a[0].lower() == "on":
            target.tls = True
        if _php_handler(d):
            target.php.append(f"{d.name} {d.value}")
    vhosts = list(sections.values())
    for vh in vhosts:
        vh.user = vh.user or main.user
        vh.group = vh.group or main.group
        if not vh.error_logs:
            vh.error_logs = list(main.error_logs)
        if not vh.access_logs:
            vh.access_logs = list(main.access_logs)
        if vh.document_root is None and main.document_root:
            vh.document_root = main.document_root
            vh.mappings.insert(0, Mapping("/", main.document_root, "document_root", False, main.source, 0))
        vh.mappings.extend(m for m in main.mappings if m.kind != "document_root")
        vh.php = php_global + main.php + vh.php
        if any(lst.endswith(":443") for lst in vh.listen):
            vh.tls = True
    if not vhosts or main.access_logs or (main.document_root and not vhosts):
        main.name = main.name or "(main server)"
        main.php = php_global + main.php
        vhosts.insert(0, main)
    for vh in vhosts:
        runs_php = bool(vh.php) or php_any
        for m in vh.mappings:
            m.executes_php = m.executes_php or runs_php
    cfg.vhosts = vhosts


def read_apache(evidence: Evidence) -> list[ServerConfig]:
    return [ApacheReader(evidence, p).read() for p in APACHE_MAIN if evidence.is_file(p)]


# -- nginx -----------------------------------------------------------------------------
_NGX_TOKEN = re.compile(
    r"""\s*(?:(#[^\n]*)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([{};])|([^\s{};"'#][^\s{};]*))""", re.DOTALL
)


@dataclass
class Block:
    name: str
    args: list[str]
    source: str
    line: int
    children: list[Block] = field(default_factory=list)
    is_block: bool = False


class NginxReader:
    def __init__(self, evidence: Evidence, main: str) -> None:
        self.ev = evidence
        self.main = main
        self.prefix = posixpath.dirname(main)
        self.config = ServerConfig("nginx", main)
        self.includes = 0
        self._stack: list[str] = []

    def read(self) -> ServerConfig:
        root = Block("", [], self.main, 0, self._parse(self.main), True)
        self._walk(root, "")
        self._vhosts(root)
        return self.config

    def _parse(self, path: str) -> list[Block]:
        if path in self._stack or len(self._stack) > 16:
            self.config.errors.append((path, None, "include loop; not read again"))
            return []
        try:
            text = self.ev.read_text(path, limit=MAX_CONFIG)
        except EvidenceError as exc:
            self.config.errors.append((path, None, exc.what))
            return []
        self._stack.append(path)
        stack: list[list[Block]] = [[]]
        words: list[str] = []
        word_line = 1
        last, line = 0, 1
        for m in _NGX_TOKEN.finditer(text):
            start = m.start(m.lastindex) if m.lastindex else m.end()
            line += text.count("\n", last, start)
            last = start
            comment, quoted, punct, bare = m.groups()
            if comment:
                continue
            if quoted or bare:
                if not words:
                    word_line = line
                words.append(quoted[1:-1] if quoted else bare)
            elif punct == ";":
                if words:
                    blocks = self._directive(path, word_line, words)
                    stack[-1].extend(blocks)
                words = []
            elif punct == "{":
                blk = Block(words[0] if words else "", words[1:], path, word_line, [], True)
                stack[-1].append(blk)
                stack.append(blk.children)
                words = []
            elif punct == "}":
                if len(stack) > 1:
                    stack.pop()
                words = []
        self._stack.pop()
        return stack[0]

    def _directive(self, path: str, line: int, words: list[str]) -> list[Block]:
        blk = Block(words[0], words[1:], path, line)
        if words[0] != "include" or len(words) < 2:
            return [blk]
        pattern = words[1] if words[1].startswith("/") else posixpath.join(self.prefix, words[1])
        out = [blk]
        for match in self.ev.glob(pattern) if any(c in pattern for c in "*?[") else [pattern]:
            if self.includes >= MAX_INCLUDES:
                break
            self.includes += 1
            out.extend(self._parse(match))
        return out

    def _walk(self, blk: Block, scope: str) -> None:
        for child in blk.children:
            self.config.directives.append(
                Directive(
                    child.source, child.line, child.name + (" {" if child.is_block else ""), child.args, scope
                )
            )
            if child.is_block:
                self._walk(child, (scope + f" {child.name} {' '.join(child.args)}").strip())

    def _vhosts(self, root: Block) -> None:
        user = None
        for c in root.children:
            if c.name == "user" and c.args:
                user = c.args[0]
        for http in (c for c in root.children if c.name == "http"):
            formats = {"combined": None}
            http_logs: list[dict[str, str | None]] = []
            http_errors: list[str] = []
            http_root = None
            for c in http.children:
                if c.name == "log_format" and len(c.args) >= 2:
                    fmt = [a for a in c.args[1:] if not a.startswith("escape=")]
                    formats[c.args[0]] = "".join(fmt)
                    self.config.log_formats[c.args[0]] = "".join(fmt)
                elif c.name == "access_log" and c.args and c.args[0] != "off":
                    http_logs.append(self._log(c.args, formats))
                elif c.name == "error_log" and c.args:
                    http_errors.append(c.args[0])
                elif c.name == "root" and c.args:
                    http_root = c.args[0]
            for srv in (c for c in http.children if c.name == "server" and c.is_block):
                vh = VHost("nginx", srv.source, srv.line, user=user)
                for c in srv.children:
                    if c.name == "server_name" and c.args:
                        vh.name = vh.name or c.args[0]
                        vh.aliases.extend(c.args[1:] if vh.name == c.args[0] else c.args)
                    elif c.name == "listen" and c.args:
                        vh.listen.append(c.args[0])
                        vh.tls = vh.tls or "ssl" in c.args
                    elif c.name == "root" and c.args:
                        vh.document_root = c.args[0].rstrip("/") or "/"
                    elif c.name == "access_log" and c.args and c.args[0] != "off":
                        vh.access_logs.append(self._log(c.args, formats))
                    elif c.name == "error_log" and c.args:
                        vh.error_logs.append(c.args[0])
                    elif c.name == "ssl_certificate":
                        vh.tls = True
                vh.document_root = vh.document_root or http_root
                vh.access_logs = vh.access_logs or list(http_logs)
                vh.error_logs = vh.error_logs or list(http_errors)
                if vh.document_root:
                    vh.mappings.append(
                        Mapping("/", vh.document_root, "document_root", False, srv.source, srv.line)
                    )
                self._locations(srv, vh, vh.document_root)
                php = any(m.executes_php for m in vh.mappings)
                if php:
                    for m in vh.mappings:
                        if m.kind == "document_root":
                            m.executes_php = True
                self.config.vhosts.append(vh)

    def _locations(self, parent: Block, vh: VHost, inherited_root: str | None) -> None:
        for loc in (c for c in parent.children if c.name == "location" and c.is_block):
            args = loc.args
            prefix = args[-1] if args else "/"
            modifier = args[0] if len(args) > 1 else ""
            root = alias = None
            fastcgi = None
            for c in loc.children:
                if c.name == "root" and c.args:
                    root = c.args[0]
                elif c.name == "alias" and c.args:
                    alias = c.args[0]
                elif c.name == "fastcgi_pass" and c.args:
                    fastcgi = c.args[0]
            regex = modifier in ("~", "~*")
            if fastcgi:
                vh.php.append(f"fastcgi_pass {fastcgi} (location {' '.join(args)})")
            if alias:
                vh.mappings.append(
                    Mapping(
                        prefix if not regex else f"~{prefix}",
                        alias.rstrip("/") or "/",
                        "location_alias",
                        bool(fastcgi),
                        loc.source,
                        loc.line,
                    )
                )
            elif root and root.rstrip("/") != (inherited_root or ""):
                vh.mappings.append(
                    Mapping(
                        prefix if not regex else f"~{prefix}",
                        posixpath.join(root.rstrip("/"), prefix.lstrip("/")).rstrip("/")
                        if not regex
                        else root.rstrip("/"),
                        "location_root",
                        bool(fastcgi),
                        loc.source,
                        loc.line,
                    )
                )
            elif fastcgi and regex and PHP_EXT.search(prefix.replace("\\", "")):
                for m in vh.mappings:
                    m.executes_php = True
            self._locations(loc, vh, root or inherited_root)

    @staticmethod
    def _log(args: list[str], formats: dict[str, str | None]) -> dict[str, str | None]:
        name = args[1] if len(args) > 1 and "=" not in args[1] else "combined"
        return {"path": args[0], "format": formats.get(name), "nickname": name, "kind": "nginx"}


def read_nginx(evidence: Evidence) -> list[ServerConfig]:
    return [NginxReader(evidence, p).read() for p in NGINX_MAIN if evidence.is_file(p)]


def read_all(evidence: Evidence) -> list[ServerConfig]:
    return read_apache(evidence) + read_nginx(evidence)


def walk_directives(configs: list[ServerConfig]) -> Iterator[tuple[ServerConfig, Directive]]:
    for cfg in configs:
        for d in cfg.directives:
            yield cfg, d
