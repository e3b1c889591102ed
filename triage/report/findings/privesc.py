"""Privilege escalation: sudo and su by the web server's user or by accounts the attacker
used, set-uid files that no package owns or that changed once the attack began, and
accounts with UID 0 besides root."""

from __future__ import annotations

from triage.report.base import Ctx, Item, cite, short

SECTION = "activity"
ORDER = 50


def run(ctx: Ctx) -> list[Item]:
    items: list[Item] = []
    start, _ = ctx.attack_window()
    suspects = set(ctx.web_users()) | {i["user"] for i in ctx.results.get("ssh") or [] if i.get("user")}
    attacker = set(ctx.attacker_ips())
    for ev in ctx.q(
        "SELECT * FROM auth_events WHERE program IN ('sudo', 'su') OR lower(event) LIKE 'sudo%' "
        "OR lower(event) LIKE 'su%' ORDER BY time, id"
    ):
        after = start is not None and ev["time"] is not None and ev["time"] >= start
        if not (
            ev.get("user") in suspects
            or (after and ev.get("client_ip") in attacker)
            or (after and ev.get("user") in suspects)
        ):
            continue
        items.append(
            {
                "title": f"{ev['program'] or 'sudo'} by {ev['user']}: {ev.get('detail') or ev.get('event')}",
                "text": f"{ev['source']} line {ev['line']} at {short(ev['time'])}: {ev['user']} used "
                f"{ev['program']} ({ev.get('event')}) {ev.get('detail') or ''}".rstrip()
                + ".",
                "time": ev["time"],
                "kind": "privilege escalation",
                "detail": ev.get("detail") or ev.get("raw"),
                "user": ev["user"],
                "attack_times": [ev["time"]],
                "evidence": [cite("auth_events", ev)],
            }
        )
    rows = ctx.q(
        "SELECT f.* FROM files f WHERE f.suid = 1 AND f.type = 'file' AND (NOT EXISTS "
        "(SELECT 1 FROM package_files p WHERE p.path = f.path) OR f.mtime >= ? OR f.ctime >= ?)",
        [start or "9999", start or "9999"],
    )
    packaged = ctx.count("package_files") > 0
    for f in rows:
        owned = bool(ctx.q("SELECT 1 FROM package_files WHERE path = ? LIMIT 1", [f["path"]]))
        if not packaged and not (start and (f.get("mtime") or "") >= start):
            continue  # without a package database every SUID file would look orphaned
        why = "no package owns it" if not owned else f"changed at {short(f['mtime'])}, after the attack began"
        items.append(
            {
                "title": f"set-uid file {f['path']}",
                "text": f"{f['path']} is set-uid ({f.get('perms')}, owner {f.get('owner')}): {why}.",
                "time": f.get("mtime"),
                "kind": "suid",
                "path": f["path"],
                "sha256": f.get("sha256"),
                "detail": why,
                "attack_times": [f["mtime"]] if start and (f.get("mtime") or "") >= start else [],
                "evidence": [cite("files", f)],
            }
        )
    for u in ctx.q("SELECT * FROM users WHERE uid = 0 AND name != 'root'"):
        items.append(
            {
                "title": f"second UID-0 account {u['name']}",
                "text": f"{u['source']} line {u['line']}: {u['name']} has UID 0 (root's powers) with shell "
                f"{u.get('shell')} and password {u.get('password_state') or 'state unknown'}.",
                "time": None,
                "kind": "uid0 account",
                "user": u["name"],
                "path": u["source"],
                "detail": f"uid 0, shell {u.get('shell')}",
                "evidence": [cite("users", u)],
            }
        )
    return items
