"""Persistence: what the system collectors flagged as planted (cron lines, systemd units,
init scripts, rc.local, ld.so.preload, profile hooks, PAM, SSH keys) or found written
once the attack began, each with what the rebuild team must undo."""

from __future__ import annotations

from triage.report.base import Ctx, Item, cite, flags, short

SECTION = "persistence"
ORDER = 60


def run(ctx: Ctx) -> list[Item]:
    start, _ = ctx.attack_window()
    items: list[Item] = []
    for table, kind_col, detail in (("cron_jobs", "kind", "command"), ("persistence", "kind", "detail")):
        for r in ctx.q(f"SELECT * FROM {table} ORDER BY source, line"):
            why = flags(r.get("flags"))
            changed = _mtime(ctx, r["source"])
            late = bool(start and changed and changed >= start)
            if not why and not late:
                continue
            if late and not why:
                why = [f"its file changed at {short(changed)}, after the attack began"]
            kind = r.get(kind_col) or table
            what = r.get(detail) or r.get("name") or ""
            if table == "cron_jobs":
                what = f"{r.get('schedule') or ''} {r.get('user') or ''} {r.get('command') or ''}".strip()
            undo = r.get("undo") or _default_undo(table, kind, r)
            items.append(
                {
                    "title": f"{kind} {r['source']}" + (f" line {r['line']}" if r.get("line") else ""),
                    "text": f"{r['source']}"
                    + (f" line {r['line']}" if r.get("line") else "")
                    + f": {what}; flagged: {', '.join(why)}. Undo: {undo}",
                    "time": changed,
                    "kind": kind,
                    "path": r["source"],
                    "detail": what,
                    "undo": undo,
                    "reasons": why,
                    "enabled": r.get("enabled"),
                    "attack_times": [changed] if late else [],
                    "evidence": [cite(table, r, raw=what)],
                }
            )
    seen: set[tuple] = set()  # accounts sharing a home list the same key twice
    for k in ctx.q(
        "SELECT * FROM ssh_keys WHERE kind IN ('authorized_key', 'authorized_keys', 'authorized') "
        "OR kind IS NULL OR kind LIKE 'authorized%' ORDER BY source, line"
    ):
        if (k["source"], k.get("line"), k.get("fingerprint")) in seen:
            continue
        seen.add((k["source"], k.get("line"), k.get("fingerprint")))
        why = flags(k.get("flags"))
        late = bool(start and k.get("mtime") and k["mtime"] >= start)
        if not why and not late:
            continue
        if late and not why:
            why = [f"the key file changed at {short(k['mtime'])}, after the attack began"]
        undo = f"remove the key {k.get('fingerprint')} ({k.get('comment') or 'no comment'}) from {k['source']}"
        items.append(
            {
                "title": f"SSH key for {k.get('user')} in {k['source']}",
                "text": f"{k['source']} line {k.get('line')}: {k.get('key_type')} key {k.get('fingerprint')} "
                f"'{k.get('comment') or ''}' lets its holder log in as {k.get('user')}; flagged: {', '.join(why)}.",
                "time": k.get("mtime"),
                "kind": "ssh authorized key",
                "path": k["source"],
                "detail": f"{k.get('key_type')} {k.get('fingerprint')} {k.get('comment') or ''}".strip(),
                "fingerprint": k.get("fingerprint"),
                "user": k.get("user"),
                "undo": undo,
                "reasons": why,
                "attack_times": [k["mtime"]] if late else [],
                "evidence": [cite("ssh_keys", k)],
            }
        )
    return items


def _mtime(ctx: Ctx, path: str | None) -> str | None:
    return ctx.one("SELECT mtime FROM files WHERE path = ?", [path]) if path else None


def _default_undo(table: str, kind: str, r: dict) -> str:
    if table == "cron_jobs":
        return f"delete line {r.get('line')} from {r['source']} (or the whole file if the attacker made it)"
    return f"remove {r['source']} ({kind}) and reload what runs it"
