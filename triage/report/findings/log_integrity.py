"""Log integrity: each log source's time coverage, gaps between rotations, empty or
truncated logs, cleared shell histories, and plain statements of what no log covers,
so nobody reads silence as innocence."""

from __future__ import annotations

from triage.report.base import Ctx, Item, cite, seconds_between, short

SECTION = "log_integrity"
ORDER = 80

GAP = 2 * 86400  # seconds without any line between two rotations of the same log


def run(ctx: Ctx) -> list[Item]:
    items: list[Item] = []
    sources = ctx.q("SELECT * FROM log_sources ORDER BY kind, first_time")
    start, end = ctx.attack_window()
    by_kind: dict[str, list[dict]] = {}
    for s in sources:
        by_kind.setdefault(s.get("kind") or "log", []).append(s)
        empty = not s.get("lines") or (s.get("size") == 0)
        text = (
            f"{s['path']} ({s.get('kind')}): {s.get('lines') or 0} lines, {s.get('parsed') or 0} parsed, "
            f"{s.get('errors') or 0} unparsed; covers {short(s.get('first_time')) or '-'} .. "
            f"{short(s.get('last_time')) or '-'}."
        )
        if empty:
            text += " It is EMPTY: cleared or truncated, or never used."
        items.append(
            {
                "title": f"log {s['path']}",
                "text": text,
                "kind": "coverage",
                "path": s["path"],
                "first_time": s.get("first_time"),
                "last_time": s.get("last_time"),
                "lines": s.get("lines"),
                "empty": empty,
                "evidence": [cite("log_sources", s)],
            }
        )
    for kind, rows in by_kind.items():
        rows = [r for r in rows if r.get("first_time") and r.get("last_time")]
        rows.sort(key=lambda r: r["first_time"])
        for a, b in zip(rows, rows[1:]):
            gap = seconds_between(a["last_time"], b["first_time"])
            if gap and gap > GAP:
                items.append(
                    {
                        "title": f"gap in {kind} logs",
                        "kind": "gap",
                        "text": f"No {kind} log covers {short(a['last_time'])} .. {short(b['first_time'])} "
                        f"({gap / 86400:.1f} days between {a['path']} and {b['path']}).",
                        "first_time": a["last_time"],
                        "last_time": b["first_time"],
                        "evidence": [cite("log_sources", a), cite("log_sources", b)],
                    }
                )
        if start and rows:
            first, last = rows[0]["first_time"], max(r["last_time"] for r in rows)
            if start < first or (end and end > last):
                items.append(
                    {
                        "title": f"{kind} logs do not cover the whole attack",
                        "kind": "gap",
                        "text": f"The {kind} logs cover {short(first)} .. {short(last)}; the attack activity "
                        f"found spans {short(start)} .. {short(end)}.",
                        "evidence": [cite("log_sources", rows[0])],
                    }
                )
    kinds = " ".join(by_kind)
    for need, what, names, table in (
        ("access", "web access log", ("access.log", "access_log", "ssl_access.log"), "access_log"),
        ("auth", "authentication log (auth.log/secure)", ("auth.log", "secure"), "auth_events"),
        ("wtmp", "login records (wtmp)", ("wtmp",), "logins"),
    ):
        if need in kinds or ctx.count(table):
            continue
        marks = ",".join("?" * len(names))
        there = ctx.q(f"SELECT * FROM files WHERE name IN ({marks}) AND type = 'file' ORDER BY path LIMIT 5", names)
        if there:
            text = (
                f"{', '.join(f['path'] for f in there)} is in the image but gave no {table} rows (empty, or in a "
                f"format not parsed): nothing from it is in this report."
            )
        else:
            text = f"No {what} was found in the image: nothing can be said from it."
        items.append(
            {"title": f"no {what} read", "kind": "absent", "text": text, "evidence": [cite("files", f) for f in there]}
        )
    for f in ctx.q(
        "SELECT * FROM files WHERE name IN ('.bash_history', '.zsh_history', '.sh_history', "
        "'.history', '.mysql_history') AND (size = 0 OR type = 'symlink') ORDER BY path"
    ):
        target = f.get("link_target")
        items.append(
            {
                "title": f"cleared history {f['path']}",
                "kind": "cleared history",
                "path": f["path"],
                "text": f"{f['path']} is "
                + (f"a link to {target}" if f.get("type") == "symlink" else "empty")
                + f" (mtime {short(f.get('mtime'))}): its user's commands were not kept.",
                "attack_times": [],
                "evidence": [cite("files", f)],
            }
        )
    return items
