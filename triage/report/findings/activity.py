"""What the attacker did next: requests to web shells that carried commands, files the
web server's user created or changed once the attack began, droppers in /tmp, /var/tmp
and /dev/shm, and shell-history lines the collectors flagged as attacker work."""

from __future__ import annotations

from urllib.parse import unquote_plus

from triage.report.base import (
    MALICIOUS_SCORE,
    SUSPICIOUS_SCORE,
    TMP_DIRS,
    Ctx,
    Item,
    cite,
    flags,
    shift,
    short,
)

SECTION = "activity"
ORDER = 40

BAD_VERDICTS = ("attacker-tool", "webshell", "malicious", "suspicious")
EXECUTABLE = ("executable", "sharedlib", "shellscript", "x-perl", "x-python", "x-elf", "x-php")


def run(ctx: Ctx) -> list[Item]:
    items: list[Item] = []
    items += _shell_commands(ctx)
    start, _end = ctx.attack_window()
    items += _web_user_files(ctx, start)
    items += _droppers(ctx)
    items += _history(ctx)
    return items


def _shell_commands(ctx: Ctx) -> list[Item]:
    out = []
    for shell in ctx.results.get("webshells") or []:
        urls = shell["urls"]
        if not urls:
            continue
        marks = ",".join("?" * len(urls))
        rows = ctx.q(
            f"SELECT * FROM access_log WHERE path IN ({marks}) AND status < 400 AND "
            f"(method = 'POST' OR (query IS NOT NULL AND query != '')) ORDER BY time, id LIMIT 200",
            urls,
        )
        for r in rows:
            cmd = unquote_plus(r["query"]) if r.get("query") else f"{r['method']} body (not logged)"
            out.append(
                {
                    "title": f"{r['method']} to web shell {r['path']} from {r['client_ip']}",
                    "text": f"At {short(r['time'])} {r['client_ip']} sent {r['method']} {r['url']} to the web shell "
                    f"(status {r['status']}, {r['bytes']} bytes back): {cmd}.",
                    "time": r["time"],
                    "kind": "web shell command",
                    "detail": cmd,
                    "path": shell["path"],
                    "client_ip": r["client_ip"],
                    "attack_times": [r["time"]],
                    "evidence": [cite("access_log", r)],
                }
            )
    return out


def _web_user_files(ctx: Ctx, start: str | None) -> list[Item]:
    if not start:
        return []
    shells = {s["path"] for s in ctx.results.get("webshells") or []}
    users = sorted(ctx.web_users())
    marks = ",".join("?" * len(users))
    since = shift(start, -3600)
    rows = ctx.q(
        f"SELECT * FROM files WHERE owner IN ({marks}) AND type = 'file' AND "
        "(mtime >= ? OR (ctime >= ? AND ctime <= ?) OR (btime >= ? AND btime <= ?)) ORDER BY mtime LIMIT 500",
        [*users, since, since, shift(start, 30 * 86400), since, shift(start, 30 * 86400)],
    )
    out = []
    for f in rows:
        if f["path"] in shells or f["path"].startswith(
            ("/proc/", "/sys/", "/run/", "/var/lib/php/sessions/", "/var/log/", "/var/cache/", *TMP_DIRS)
        ):
            continue
        out.append(
            {
                "title": f"{f['path']} written by {f['owner']} after the attack began",
                "text": f"{f['path']} ({f.get('mime') or 'unknown type'}, {f.get('size')} bytes) is owned by the web "
                f"server's user {f['owner']} and changed at {short(f['mtime'])}, after the attack began "
                f"({short(start)}).",
                "time": f["mtime"],
                "kind": "web user file",
                "path": f["path"],
                "sha256": f.get("sha256"),
                "detail": f.get("magic"),
                "evidence": [cite("files", f)],
            }
        )
    return out


def _droppers(ctx: Ctx) -> list[Item]:
    likes = " OR ".join("f.path LIKE ?" for _ in TMP_DIRS)
    rows = ctx.q(
        "SELECT f.*, s.score AS scan_score, s.reasons AS scan_reasons, s.verdict AS scan_verdict "
        f"FROM files f LEFT JOIN file_scores s ON s.path = f.path WHERE ({likes}) AND f.type = 'file' ORDER BY f.mtime",
        [d + "%" for d in TMP_DIRS],
    )
    out = []
    for f in rows:
        mime = (f.get("mime") or "") + " " + (f.get("magic") or "").lower()
        hidden = any(part.startswith(".") for part in f["path"].split("/")[2:])
        runnable = any(k in mime for k in EXECUTABLE) or bool((f.get("mode") or 0) & 0o111)
        verdict = f.get("scan_verdict")
        scored = verdict in BAD_VERDICTS or (verdict is None and (f.get("scan_score") or 0) >= SUSPICIOUS_SCORE)
        if not (runnable or scored):
            continue
        reasons = []
        if runnable:
            reasons.append(f"runnable ({f.get('mime') or 'mode ' + oct((f.get('mode') or 0) & 0o777)})")
        if hidden:
            reasons.append("inside a hidden folder")
        if scored:
            reasons += flags(f.get("scan_reasons")) or [f"scan score {f['scan_score']}"]
        malicious = (
            verdict in ("attacker-tool", "webshell", "malicious")
            or (verdict is None and (f.get("scan_score") or 0) >= MALICIOUS_SCORE)
            or hidden
        )
        ev = [cite("files", f)]
        for fd in ctx.q("SELECT * FROM findings WHERE path = ? ORDER BY score DESC LIMIT 3", [f["path"]]):
            ev.append(cite("findings", fd, rule=fd.get("rule")))
        out.append(
            {
                "title": f"dropper {f['path']}" if malicious else f"runnable file in a temporary folder: {f['path']}",
                "text": f"{f['path']} in a world-writable temporary folder: {'; '.join(reasons)}; "
                f"owner {f.get('owner')}, mtime {short(f.get('mtime'))}.",
                "time": f.get("mtime"),
                "kind": "dropper",
                "path": f["path"],
                "sha256": f.get("sha256"),
                "malicious": malicious,
                "reasons": reasons,
                "detail": f.get("magic"),
                "attack_times": [f.get("mtime")] if malicious else [],
                "evidence": ev,
            }
        )
    return out


def _history(ctx: Ctx) -> list[Item]:
    """Flagged history lines of accounts the attack used (or written during it): an admin's own
    curl-pipe-sh on a clean box is not attacker activity."""
    start, _ = ctx.attack_window()
    if not start:
        return []
    users = {i.get("user") for n in ("ssh", "privesc") for i in ctx.results.get(n) or [] if i.get("user")}
    users |= ctx.web_users()
    out = []
    seen: set[tuple[str, int]] = set()  # accounts sharing a home list the same file twice
    for h in ctx.q(
        "SELECT * FROM shell_history WHERE flags IS NOT NULL AND flags NOT IN ('', '[]') "
        "ORDER BY time, source, line LIMIT 300"
    ):
        if h.get("user") not in users and not (h.get("time") and h["time"] >= start):
            continue
        if (h["source"], h["line"]) in seen:
            continue
        seen.add((h["source"], h["line"]))
        why = flags(h["flags"])
        when = f", {short(h['time'])}" if h.get("time") else ""
        out.append(
            {
                "title": f"{h['user']} ran: {h['command'][:80]}",
                "text": f"{h['source']} line {h['line']} ({h['user']}{when}): {h['command']}; "
                f"flagged: {', '.join(why)}.",
                "time": h.get("time"),
                "kind": "history command",
                "path": h["source"],
                "detail": h["command"],
                "user": h.get("user"),
                "reasons": why,
                "attack_times": [h["time"]] if h.get("time") else [],
                "evidence": [cite("shell_history", h, raw=h["command"])],
            }
        )
    return out
