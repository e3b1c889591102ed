"""What every finding shares: the case it reads, citations, and small helpers.

A finding module (triage/report/findings/<name>.py) is a query plus the words
that explain it. It declares ``SECTION`` (where the renderer shows it),
``ORDER`` (findings may read the results of earlier ones from ``ctx.results``)
and ``run(ctx) -> list[Item]``. An item is a dict with at least ``title``,
``text`` (the words, already filled in) and ``evidence`` (citations); it may add
``time``, ``facts`` (label -> value, shown as a small table) and any structured
keys the JSON document carries. The renderers only know that shape, so adding
a finding never means editing them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import sqlite_utils

Item = dict[str, Any]

# Accounts web servers run as; vhosts.user adds the image's own.
WEB_USERS = {"www-data", "apache", "nginx", "http", "wwwrun", "httpd", "nobody", "lighttpd"}
# Where droppers land: world-writable, often tmpfs, rarely checked.
TMP_DIRS = ("/tmp/", "/var/tmp/", "/dev/shm/")  # noqa: S108 - image paths, never opened here
SCRIPT_EXTS = {
    "php",
    "php3",
    "php4",
    "php5",
    "php7",
    "phtml",
    "phar",
    "pht",
    "inc",
    "jsp",
    "jspx",
    "asp",
    "aspx",
    "ashx",
    "cgi",
    "pl",
    "py",
    "sh",
}
# Minimum file score for a file to count as malicious (file_scores.score is 0-100).
MALICIOUS_SCORE = 70
SUSPICIOUS_SCORE = 40


@dataclass
class Ctx:
    """The case (read-only) and what earlier findings concluded."""

    db: sqlite_utils.Database
    results: dict[str, list[Item]] = field(default_factory=dict)
    _tables: dict[str, int] = field(default_factory=dict)
    _collected: set[str] | None = None

    def q(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        try:
            return list(self.db.query(sql, params))
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc) or "no such column" in str(exc):
                return []  # an older case or a collector that did not run: treated as absent
            raise

    def one(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> Any:
        rows = self.q(sql, params)
        return next(iter(rows[0].values())) if rows else None

    def count(self, table: str) -> int:
        """Rows in a table (0 when it does not exist): says whether a source was collected."""
        if table not in self._tables:
            # Rows are written once per collection, so ids run without gaps: reading the two ends of the
            # rowid is exact there and costs nothing, where count(*) reads a whole index of a huge log.
            # (Two queries: SQLite answers a lone min() or max() from the b-tree's edge, not both at once.)
            hi = self.one(f'SELECT max(rowid) FROM "{table}"')
            lo = self.one(f'SELECT min(rowid) FROM "{table}"')
            self._tables[table] = hi - lo + 1 if hi is not None and lo is not None else 0
        return self._tables[table]

    def collected(self, table: str) -> bool:
        """Whether a collector that fills ``table`` finished in this case (0 rows then means none found)."""
        if self._collected is None:
            from triage import collectors

            done = {r["collector"] for r in self.q("SELECT collector FROM run_collectors WHERE status = 'done'")}
            if self.count("file_scores") or self.q("SELECT 1 FROM runs WHERE command = 'scan' AND status = 'complete'"):
                done.add("scan")
            mods = collectors.available()
            tables = {t for name in done if name in mods for t in collectors.tables_of(mods[name])}
            if "scan" in done:
                tables |= {"findings", "file_scores"}
            self._collected = tables
        return table in self._collected

    def web_users(self) -> set[str]:
        users = set(WEB_USERS)
        for row in self.q("SELECT DISTINCT user FROM vhosts WHERE user IS NOT NULL AND user != ''"):
            users.add(row["user"])
        return users

    def attacker_ips(self) -> list[str]:
        """Addresses earlier findings tied to the attack (web-shell users, planters, SSH intruders)."""
        ips: list[str] = []
        for items in self.results.values():
            for item in items:
                for ip in item.get("attacker_ips", ()):
                    if ip and ip not in ips:
                        ips.append(ip)
        return ips

    def attack_window(self) -> tuple[str | None, str | None]:
        times = [t for items in self.results.values() for item in items for t in item.get("attack_times", ()) if t]
        return (min(times), max(times)) if times else (None, None)


def cite(table: str, row: dict[str, Any], raw: str | None = None, **extra: Any) -> dict[str, Any]:
    """A citation: the case row, and where in the image it came from."""
    out: dict[str, Any] = {"table": table, "id": row.get("id")}
    path = row.get("source") or (
        row.get("path") if table in ("files", "file_scores", "findings", "package_integrity", "log_sources") else None
    )
    if path:
        out["path"] = path
    if row.get("line") is not None:
        out["line"] = row["line"]
    if raw is None:
        raw = row.get("raw")
    if raw is None and table == "access_log":
        raw = access_raw(row)
    if raw:
        out["raw"] = raw
    out.update({k: v for k, v in extra.items() if v is not None})
    return out


def access_raw(r: dict[str, Any]) -> str:
    """The access-log line as the combined format writes it, rebuilt from the parsed row."""
    req = " ".join(x for x in (r.get("method"), r.get("url"), r.get("protocol")) if x)
    return (
        f"{r.get('client_ip') or '-'} {r.get('ident') or '-'} {r.get('remote_user') or '-'} "
        f'[{r.get("time_text") or r.get("time")}] "{req}" {r.get("status") or "-"} '
        f'{r.get("bytes") if r.get("bytes") is not None else "-"} "{r.get("referer") or "-"}" '
        f'"{r.get("user_agent") or "-"}"'
    )


def flags(value: Any) -> list[str]:
    """A `flags` column as a list (JSON list, or plain text from a looser collector)."""
    if value in (None, "", "[]"):
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return [str(value)]
    if isinstance(data, list):
        return [str(v) for v in data]
    if isinstance(data, dict):
        return [f"{k}: {v}" for k, v in data.items()]
    return [str(data)] if data else []


def parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    t = text.strip().replace("Z", "+00:00")
    if "." in t:  # nanoseconds are more than datetime holds
        head, _, rest = t.partition(".")
        digits = "".join(c for c in rest if c.isdigit())
        zone = rest[len(digits) :]
        t = f"{head}.{digits[:6]}{zone}"
    try:
        dt = datetime.fromisoformat(t)
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def fmt_time(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def shift(text: str, seconds: float) -> str:
    dt = parse_time(text)
    return fmt_time(dt + timedelta(seconds=seconds)) if dt else text


def seconds_between(a: str | None, b: str | None) -> float | None:
    da, dbt = parse_time(a), parse_time(b)
    if da is None or dbt is None:
        return None
    return (dbt - da).total_seconds()


def short(text: str | None) -> str:
    """Times shown to people: to the second."""
    dt = parse_time(text)
    return fmt_time(dt) if dt else (text or "")


def ext_of(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


# How many rows of one list the Markdown and HTML reports show; the JSON report keeps them all.
SHOWN = 200
SHOWN_REBUILD = 1000  # the rebuild team's lists are worth the length


def shown(rows: list[Any], limit: int | None = None) -> tuple[list[Any], str | None]:
    """The rows a human report shows, and the line that says how many it left out (None when none)."""
    limit = SHOWN if limit is None else limit
    if len(rows) <= limit:
        return rows, None
    return rows[:limit], (f"… and {len(rows) - limit:,} more (every one is in the JSON report: "
                          "triage report CASE -o report.json)")
