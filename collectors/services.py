"""services: what the box ran, so the rebuild can bring it back, and which
configs hold database passwords that must now be rotated.

Enabled systemd units and SysV scripts with their package and version; above
all the database servers (MySQL/MariaDB, PostgreSQL, MongoDB, Redis) with
version, data directory, configuration and size, and the SQLite files web
apps keep. Application configs that hold database credentials are listed for
rotation; the values themselves are never stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from triage.evidence import Evidence, EvidenceError
from triage.runner import Context, Error
from triage.sysparse import UNIT_DIRS, packages, read_lines, unit_sections
from triage.text import display

ORDER = 40
DATABASES = {  # unit name stem -> engine
    "mysql": "MySQL", "mysqld": "MySQL", "mariadb": "MariaDB", "postgresql": "PostgreSQL",
    "mongod": "MongoDB", "mongodb": "MongoDB", "redis-server": "Redis", "redis": "Redis",
    "memcached": "Memcached", "elasticsearch": "Elasticsearch", "influxdb": "InfluxDB",
}
DB_PACKAGES = re.compile(r"^(?:mysql-server|mariadb-server|postgresql-\d+|mongodb-org-server|mongodb-server|"
                         r"redis-server|percona-server-server)")
WEB_ROOTS = ("/var/www/", "/srv/", "/opt/", "/home/", "/usr/share/nginx/", "/var/lib/")
# (file name regex, what it is, regex showing a stored credential)
CREDENTIAL_FILES = [
    (r"wp-config\.php$", "WordPress", r"define\(\s*['\"]DB_PASSWORD['\"]"),
    (r"(?:^|/)\.env$", "dotenv", r"^\s*(?:DB_PASSWORD|DATABASE_URL|MYSQL_PASSWORD|POSTGRES_PASSWORD)\s*="),
    (r"sites/[^/]+/settings\.php$", "Drupal", r"['\"]password['\"]\s*=>"),
    (r"configuration\.php$", "Joomla", r"\$password\s*="),
    (r"LocalSettings\.php$", "MediaWiki", r"\$wgDBpassword\s*="),
    (r"config/config\.php$", "Nextcloud", r"['\"]dbpassword['\"]\s*=>"),
    (r"app/etc/env\.php$", "Magento", r"['\"]password['\"]\s*=>"),
    (r"config/database\.yml$", "Rails", r"^\s*password:"),
    (r"(?:^|/)\.my\.cnf$|/etc/mysql/debian\.cnf$", "MySQL client", r"^\s*password\s*="),
    (r"(?:^|/)\.pgpass$", "PostgreSQL client", r":"),
    (r"config\.inc\.php$", "phpMyAdmin", r"\$cfg\[.Servers.\].*\[.password.\]"),
]
MAX_CONFIG = 1 << 20


def collect(evidence: Evidence, ctx: Context) -> Iterator[Any]:
    versions = _versions(ctx, evidence)
    pk = packages(evidence)
    enabled = _enabled(evidence)
    seen: set[str] = set()
    for directory in UNIT_DIRS:
        for path in evidence.glob(f"{directory}/*.service"):
            name = path.rsplit("/", 1)[-1]
            if name in seen or name not in enabled or not evidence.is_file(path):
                continue
            seen.add(name)
            sections, errors = unit_sections(evidence, path)
            yield from errors
            exec_line = next((v for k, v in sections.get("Service", []) if k == "ExecStart"), None)
            owner = pk.owner_of(path)
            yield _service(evidence, name[:-8], "systemd", path, owner, versions, exec_line)
    for path in evidence.glob("/etc/init.d/*"):
        name = path.rsplit("/", 1)[-1]
        if f"{name}.service" in seen or not evidence.is_file(path) or name in ("README", "skeleton"):
            continue
        if not evidence.glob(f"/etc/rc[2345].d/S??{name}"):
            continue
        yield _service(evidence, name, "sysv", path, pk.owner_of(path), versions, path)
    yield from _sqlite_files(ctx)
    yield from _credentials(evidence, ctx)


def _versions(ctx: Context, evidence: Evidence) -> dict[str, str]:
    try:
        return {r["name"]: r["version"] for r in ctx.query("SELECT name, version FROM packages")}
    except Exception:  # noqa: BLE001 - no packages table: versions stay unknown
        return {}


def _enabled(evidence: Evidence) -> set[str]:
    out: set[str] = set()
    for d in evidence.glob("/etc/systemd/system/*.wants") + evidence.glob("/etc/systemd/system/*.requires"):
        try:
            out.update(evidence.listdir(d))
        except EvidenceError:
            continue
    return out


def _service(evidence: Evidence, name: str, kind: str, path: str, owner: str | None, versions: dict[str, str],
             exec_line: str | None) -> dict[str, Any]:
    engine = DATABASES.get(re.sub(r"@.*$", "", name))
    if engine is None and owner and DB_PACKAGES.match(owner):
        engine = owner
    version = versions.get(owner or "")
    row: dict[str, Any] = {"source": display(path), "line": None, "name": display(name), "kind": kind,
                           "enabled": 1, "package": owner, "version": version, "exec": display(exec_line),
                           "database": int(engine is not None)}
    if engine:
        data_dir, config = _db_layout(evidence, engine)
        row.update(data_dir=data_dir, config=config, size=_size(evidence, data_dir),
                   notes=f"{engine}: restore its data at version {version or 'unknown'} ({owner})")
        server = sorted(p for p in versions if DB_PACKAGES.match(p) and _engine_of(p) == engine)
        if server:
            row["version"] = versions[server[-1]]
            row["notes"] = f"{engine}: restore its data at version {row['version']} ({server[-1]})"
    return row


def _engine_of(package: str) -> str:
    for stem, engine in (("mariadb", "MariaDB"), ("mysql", "MySQL"), ("percona", "MySQL"),
                         ("postgresql", "PostgreSQL"), ("mongodb", "MongoDB"), ("redis", "Redis")):
        if package.startswith(stem):
            return engine
    return package


def _db_layout(evidence: Evidence, engine: str) -> tuple[str | None, str | None]:
    if engine in ("MySQL", "MariaDB"):
        configs = [p for p in ["/etc/mysql/my.cnf", *evidence.glob("/etc/mysql/*.conf.d/*.cnf"), "/etc/my.cnf",
                               *evidence.glob("/etc/my.cnf.d/*.cnf")] if evidence.is_file(p)]
        data_dir = "/var/lib/mysql"
        for cfg in configs:
            for item in read_lines(evidence, cfg):
                if isinstance(item, Error):
                    break
                m = re.match(r"^\s*datadir\s*=\s*(\S+)", item[1])
                if m:
                    data_dir = m.group(1)
        return data_dir, ", ".join(configs) or None
    if engine == "PostgreSQL":
        confs = evidence.glob("/etc/postgresql/*/*/postgresql.conf") \
            + evidence.glob("/var/lib/pgsql/data/postgresql.conf")
        data_dirs = []
        for cfg in confs:
            for item in read_lines(evidence, cfg):
                if isinstance(item, Error):
                    break
                m = re.match(r"^\s*data_directory\s*=\s*'([^']+)'", item[1])
                if m:
                    data_dirs.append(m.group(1))
        return (", ".join(data_dirs) or "/var/lib/postgresql"), ", ".join(confs) or None
    if engine == "MongoDB":
        return "/var/lib/mongodb", "/etc/mongod.conf"
    if engine == "Redis":
        return "/var/lib/redis", "/etc/redis/redis.conf"
    return None, None


def _size(evidence: Evidence, data_dirs: str | None) -> int | None:
    if not data_dirs:
        return None
    total, found = 0, False
    for d in data_dirs.split(", "):
        if not evidence.is_dir(d):
            continue
        found = True
        for entry in evidence.walk(d):
            if entry.stat.kind == "file":
                total += entry.stat.size
    return total if found else None


def _sqlite_files(ctx: Context) -> Iterator[Any]:
    try:
        rows = ctx.query("SELECT path, size FROM files WHERE "
                         "mime IN ('application/vnd.sqlite3', 'application/x-sqlite3') AND ("
                         + " OR ".join("path LIKE ?" for _ in WEB_ROOTS[:5]) + ")",
                         [r + "%" for r in WEB_ROOTS[:5]])
    except Exception:  # noqa: BLE001 - no inventory: nothing to list
        return
    for r in rows:
        yield {"source": r["path"], "name": r["path"].rsplit("/", 1)[-1], "kind": "sqlite", "enabled": None,
               "database": 1, "data_dir": r["path"], "size": r["size"],
               "notes": "SQLite database of an application: restore with the app"}


def _candidate_configs(evidence: Evidence, ctx: Context) -> list[str]:
    paths: list[str] = []
    try:
        rows = ctx.query("SELECT path FROM files WHERE type = 'file' AND size < ? AND (name IN "
                         "('wp-config.php','.env','settings.php','configuration.php','LocalSettings.php',"
                         "'config.php','env.php','database.yml','.my.cnf','.pgpass','debian.cnf','config.inc.php'))",
                         [MAX_CONFIG])
        paths = [r["path"] for r in rows]
    except Exception:  # noqa: BLE001 - no inventory: look in the usual places
        paths = []
    if not paths:
        for pattern in ("/var/www/*/wp-config.php", "/var/www/*/*/wp-config.php", "/var/www/*/.env",
                        "/var/www/*/*/.env", "/etc/mysql/debian.cnf", "/root/.my.cnf", "/home/*/.my.cnf",
                        "/root/.pgpass", "/home/*/.pgpass", "/var/www/*/config/config.php",
                        "/var/www/*/sites/*/settings.php", "/var/www/*/configuration.php",
                        "/var/www/*/LocalSettings.php", "/srv/*/wp-config.php", "/srv/*/.env"):
            paths.extend(evidence.glob(pattern))
    return sorted(set(paths))


def _credentials(evidence: Evidence, ctx: Context) -> Iterator[Any]:
    for path in _candidate_configs(evidence, ctx):
        for name_rx, what, value_rx in CREDENTIAL_FILES:
            if not re.search(name_rx, path):
                continue
            for item in read_lines(evidence, path, max_line=64 * 1024):
                if isinstance(item, Error):
                    yield item
                    break
                number, line = item
                if re.search(value_rx, line, re.I):
                    yield {"source": display(path), "line": number, "name": what, "kind": "credentials",
                           "config": display(path), "database": 1,
                           "notes": f"{what} config holds a database password (line {number}): rotate it; "
                                    "the value is not stored in the case"}
                    break
            break
