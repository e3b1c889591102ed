"""vhosts: the web servers' virtual hosts, the URL-to-file map, and every web directive.

Reads Apache (apache2.conf/httpd.conf and all it includes, Debian envvars),
nginx (nginx.conf and includes), PHP-FPM pools, php.ini files, and the
.htaccess and .user.ini files under every document root and alias target.
Why a responder cares: the attacker came in over HTTP, so which files answer
at which URLs, which of them run PHP, which user PHP runs as, and where each
vhost logs are the map for everything after. Directives attackers plant
(auto_prepend_file, AddHandler making .jpg run as PHP, allow_url_include)
are flagged in web_config.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from typing import Any

from triage.evidence import Evidence, EvidenceError
from triage.runner import Context, Error
from triage.text import display
from triage.webconfig import PHP_EXT, read_all

TABLES = ("vhosts", "url_map", "web_config")
ORDER = 20
MAX_WEB_FILES = 200_000
INI_GLOBS = (
    "/etc/php/*/*/php.ini",
    "/etc/php/*/*/conf.d/*.ini",
    "/etc/php.ini",
    "/etc/php.d/*.ini",
    "/etc/php*/php.ini",
    "/etc/php*/*/php.ini",
    "/usr/local/etc/php/php.ini",
    "/usr/local/etc/php/conf.d/*.ini",
    "/etc/opt/remi/*/php.ini",
)
FPM_GLOBS = (
    "/etc/php/*/fpm/pool.d/*.conf",
    "/etc/php-fpm.d/*.conf",
    "/etc/php*/fpm/pool.d/*.conf",
    "/usr/local/etc/php-fpm.d/*.conf",
    "/etc/opt/remi/*/php-fpm.d/*.conf",
)
RISKY_PHP = (
    "auto_prepend_file",
    "auto_append_file",
    "allow_url_include",
    "allow_url_fopen",
    "disable_functions",
    "open_basedir",
    "include_path",
    "extension",
    "zend_extension",
)
SHELL_FUNCTIONS = ("system", "exec", "shell_exec", "passthru", "proc_open", "popen")


def collect(evidence: Evidence, ctx: Context) -> Iterator[Any]:
    base = (ctx.query("SELECT coalesce(max(id), 0) AS n FROM vhosts")[0]["n"] or 0) + 1
    configs = read_all(evidence)
    roots: set[str] = set()
    number = base
    pools = fpm_pools(evidence)
    for cfg in configs:
        for path, line, what in cfg.errors:
            yield Error(path, what, line)
        for d in cfg.directives:
            yield (
                "web_config",
                {
                    "source": display(d.source),
                    "line": d.line,
                    "directive": display(d.name),
                    "value": display(d.value),
                    "scope": display(d.scope) or cfg.server,
                    "flags": json.dumps(directive_flags(d.name, d.value, d.scope)),
                },
            )
        for vh in cfg.vhosts:
            for entry in list(vh.php):
                for pool in pools:
                    if pool["listen"] and pool["listen"].split(":")[-1] in entry:
                        vh.php.append(
                            f"php-fpm pool {pool['name']} ({pool['source']}): PHP runs as user "
                            f"{pool['user']} group {pool['group']}"
                            + (f", chroot {pool['chroot']}" if pool["chroot"] else "")
                        )
            yield (
                "vhosts",
                {
                    "source": display(vh.source),
                    "line": vh.line,
                    "server": vh.server,
                    "name": vh.name,
                    "aliases": json.dumps(vh.aliases),
                    "listen": json.dumps(vh.listen),
                    "document_root": display(vh.document_root) if vh.document_root else None,
                    "user": vh.user,
                    "grp": vh.group,
                    "php": json.dumps(vh.php),
                    "access_logs": json.dumps(vh.access_logs),
                    "error_logs": json.dumps(vh.error_logs),
                    "tls": int(vh.tls),
                },
            )
            for m in vh.mappings:
                yield (
                    "url_map",
                    {
                        "source": display(m.source),
                        "line": m.line,
                        "vhost_id": number,
                        "host": vh.name,
                        "url_prefix": m.url_prefix,
                        "path": display(m.path),
                        "kind": m.kind,
                        "executes_php": int(m.executes_php),
                    },
                )
                if m.kind != "alias_match":
                    roots.add(m.path)
            number += 1
    yield from _php_ini(evidence)
    yield from _fpm_pools(evidence)
    yield from _web_root_files(evidence, sorted(roots | _conventional(evidence)))


def directive_flags(name: str, value: str, scope: str = "") -> list[str]:
    """Why a web or PHP directive looks planted; empty when ordinary."""
    n = name.lower().lstrip("<")
    v = value.lower()
    flags = []
    if n in ("addhandler", "addtype", "sethandler", "forcetype") and "php" in v:
        exts = [e for e in value.split()[1:] if e.startswith(".")]
        odd = [e for e in exts if not PHP_EXT.fullmatch(e)]
        if odd:
            flags.append(f"PHP handler for non-PHP extensions {' '.join(odd)}")
        if n in ("sethandler", "forcetype") and not PHP_EXT.search(scope.replace("\\", "").replace("(", "")):
            flags.append("every file in this scope runs as PHP")
    if n in ("php_value", "php_admin_value", "php_flag", "php_admin_flag"):
        key, _, rest = value.partition(" ")
        flags += php_flags(key, rest)
    if "=" in name or n in RISKY_PHP:
        key, _, rest = (name + " " + value).partition(" ") if "=" not in name else name.partition("=")
        flags += php_flags(key.strip(), rest.strip())
    if n in ("options", "+options") and "+execcgi" in v:
        flags.append("Options +ExecCGI")
    return flags


def php_flags(key: str, value: str) -> list[str]:
    key = key.strip().lower()
    value = value.strip().strip("\"'")
    if key in ("auto_prepend_file", "auto_append_file") and value and value.lower() not in ("none", ""):
        return [f"{key} runs {value} before every PHP page"]
    if key == "allow_url_include" and value.lower() in ("1", "on", "true", "yes"):
        return ["allow_url_include on: remote PHP can be included"]
    if key == "disable_functions" and not any(f in value.replace(" ", "").split(",") for f in SHELL_FUNCTIONS):
        return ["disable_functions leaves shell functions (system, exec ...) enabled"]
    return []


def _ini_lines(evidence: Evidence, path: str) -> Iterator[tuple[int, str, str, str | None]]:
    section = None
    for number, line in evidence.lines(path, max_line=65536):
        text = line.strip()
        if not text or text[0] in ";#":
            continue
        if text.startswith("[") and text.endswith("]"):
            section = text[1:-1]
            continue
        key, eq, value = text.partition("=")
        if eq:
            yield number, key.strip(), value.strip(), section


def _php_ini(evidence: Evidence) -> Iterator[Any]:
    seen = set()
    for pattern in INI_GLOBS:
        for path in evidence.glob(pattern):
            if path in seen:
                continue
            seen.add(path)
            try:
                for number, key, value, _section in _ini_lines(evidence, path):
                    if key.lower() in RISKY_PHP or "php" in key.lower():
                        yield (
                            "web_config",
                            {
                                "source": display(path),
                                "line": number,
                                "directive": display(key),
                                "value": display(value),
                                "scope": "php.ini",
                                "flags": json.dumps(php_flags(key, value)),
                            },
                        )
            except EvidenceError as exc:
                yield Error.of(exc)


def _fpm_pools(evidence: Evidence) -> Iterator[Any]:
    for pattern in FPM_GLOBS:
        for path in evidence.glob(pattern):
            try:
                for number, key, value, section in _ini_lines(evidence, path):
                    k = key.lower()
                    if k in (
                        "user",
                        "group",
                        "listen",
                        "chroot",
                        "chdir",
                        "security.limit_extensions",
                    ) or k.startswith(("php_admin_value", "php_value", "php_flag", "php_admin_flag", "env[")):
                        inner = re.sub(r"^php_(?:admin_)?(?:value|flag)\[([^\]]+)\]$", r"\1", key)
                        flags = php_flags(inner, value) if inner != key else []
                        if k == "security.limit_extensions" and any(not PHP_EXT.fullmatch(e) for e in value.split()):
                            flags.append("PHP-FPM runs non-PHP extensions")
                        yield (
                            "web_config",
                            {
                                "source": display(path),
                                "line": number,
                                "directive": display(key),
                                "value": display(value),
                                "scope": f"php-fpm pool {display(section)}",
                                "flags": json.dumps(flags),
                            },
                        )
            except EvidenceError as exc:
                yield Error.of(exc)


def fpm_pools(evidence: Evidence) -> list[dict[str, str | None]]:
    """Each PHP-FPM pool: name, file, user, group, listen (socket or address), chroot."""
    pools: dict[tuple[str, str], dict[str, str | None]] = {}
    for pattern in FPM_GLOBS:
        for path in evidence.glob(pattern):
            try:
                for _n, key, value, section in _ini_lines(evidence, path):
                    if section is None or section.lower() == "global":
                        continue
                    pool = pools.setdefault(
                        (path, section),
                        {"name": section, "source": path, "user": None, "group": None, "listen": None, "chroot": None},
                    )
                    if key.lower() in ("user", "group", "listen", "chroot"):
                        pool[key.lower()] = value.strip("\"'")
            except EvidenceError:
                continue
    return list(pools.values())


def _conventional(evidence: Evidence) -> set[str]:
    out = {p for p in ("/var/www", "/srv/www", "/srv/http") if evidence.is_dir(p)}
    out.update(p for p in evidence.glob("/home/*/public_html") if evidence.is_dir(p))
    return out


def _web_root_files(evidence: Evidence, roots: list[str]) -> Iterator[Any]:
    """.htaccess and .user.ini anywhere under the web roots (attackers drop them next to a shell)."""
    seen: set[str] = set()
    count = 0
    for root in roots:
        if not evidence.is_dir(root):
            continue
        errors: list[EvidenceError] = []
        for entry in evidence.walk(root, onerror=errors.append):
            count += 1
            if count > MAX_WEB_FILES:
                yield Error(
                    root,
                    f"more than {MAX_WEB_FILES} files under the web roots; stopped looking for .htaccess/.user.ini",
                )
                return
            name = entry.path.rsplit("/", 1)[-1]
            if entry.stat.kind != "file" or entry.path in seen or name not in (".htaccess", ".user.ini"):
                continue
            seen.add(entry.path)
            try:
                if name == ".user.ini":
                    for number, key, value, _s in _ini_lines(evidence, entry.path):
                        yield (
                            "web_config",
                            {
                                "source": display(entry.path),
                                "line": number,
                                "directive": display(key),
                                "value": display(value),
                                "scope": ".user.ini " + display(posixpath.dirname(entry.path)),
                                "flags": json.dumps(php_flags(key, value)),
                            },
                        )
                else:
                    for number, line in evidence.lines(entry.path, max_line=65536):
                        text = line.strip()
                        if not text or text.startswith("#"):
                            continue
                        name_, _, value = text.partition(" ")
                        yield (
                            "web_config",
                            {
                                "source": display(entry.path),
                                "line": number,
                                "directive": display(name_),
                                "value": display(value.strip()),
                                "scope": ".htaccess " + display(posixpath.dirname(entry.path)),
                                "flags": json.dumps(directive_flags(name_, value.strip())),
                            },
                        )
            except EvidenceError as exc:
                yield Error.of(exc)
        for exc in errors:
            yield Error.of(exc)
