"""From findings to the document: verdict with alternatives, indicators, the rebuild
hand-off with its restore plan, and the timeline. Everything here reads the findings'
items (and a few case queries); nothing here reads the evidence."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from triage.report.base import Ctx, Item, cite, fmt_time, parse_time, shift, short
from triage.report.findings.entry_point import EDITOR, LOGIN

MARGIN = timedelta(days=1)
CONFIDENCES = ("confirmed", "probable", "possible", "undetermined")


def _items(ctx: Ctx, *names: str) -> list[Item]:
    return [i for n in names for i in ctx.results.get(n) or []]


def verdict(ctx: Ctx) -> dict[str, Any]:
    shells = _items(ctx, "webshells")
    plantings = _items(ctx, "entry_point")
    ssh = _items(ctx, "ssh")
    tamper = [t for t in _items(ctx, "tampering") if t.get("system_binary")]
    uid0 = [p for p in _items(ctx, "privesc") if p.get("kind") == "uid0 account"]
    droppers = [a for a in _items(ctx, "activity") if a.get("kind") == "dropper" and a.get("malicious")]
    tools = _items(ctx, "malware")
    strong = {
        "web shells": shells,
        "trojaned system files": tamper,
        "extra UID-0 accounts": uid0,
        "droppers": droppers,
        "attacker tools or shells elsewhere": tools,
        "SSH intrusions": [s for s in ssh if s.get("brute_force")],
    }
    found = {k: v for k, v in strong.items() if v}
    checked = _checked(ctx)
    if not found:
        review = [i["title"] for i in _items(ctx, "persistence", "accounts") if i.get("reasons")]
        summary = (
            "No compromise found. "
            + "Checked: "
            + "; ".join(checked)
            + "."
            + (f" Points a person should still look at: {'; '.join(review[:10])}." if review else "")
        )
        unread = [i for i in _items(ctx, "log_integrity") if i.get("kind") == "absent" and i.get("evidence")]
        coverage_ok = (
            ctx.count("access_log") > 0 and ctx.collected("file_scores") and not unread
        )  # a log in the image that said nothing leaves its question open
        return {
            "status": "no compromise found",
            "compromised": False,
            "vector": "none",
            "confidence": "probable" if coverage_ok else "possible",
            "summary": summary,
            "alternatives": [],
            "checked": checked,
            "entry": None,
        }
    entries = [p for p in plantings if p["vector"] != "through an earlier web shell"] + ssh
    entries.sort(key=lambda e: e["time"] or "9999")
    entry = entries[0] if entries else None
    if entry:
        vector, confidence = entry["vector"], entry["confidence"]
        how = (
            f"Entry: {entry['vector']} at {short(entry['time'])} from {entry['request']['client_ip']} "
            f"({entry['request']['method']} {entry['request']['url']}). Sources that agree: "
            f"{', '.join(entry.get('agreeing_sources') or ['one source'])}."
        )
    else:
        vector, confidence = "undetermined", "undetermined"
        how = "No request or login that put the attacker in could be tied to what was found."
    summary = f"Compromised: {', '.join(f'{len(v)} {k}' for k, v in found.items())}. {how}"
    return {
        "status": "compromised",
        "compromised": True,
        "vector": vector,
        "confidence": confidence,
        "summary": summary,
        "alternatives": _alternatives(ctx, vector, entry),
        "checked": checked,
        "entry": entry,
    }


def _checked(ctx: Ctx) -> list[str]:
    out = []
    for table, what in (
        ("files", "files inventoried"),
        ("file_scores", "files the scan had something to say about"),
        ("access_log", "web requests"),
        ("auth_events", "auth log events"),
        ("logins", "login records"),
        ("users", "accounts"),
        ("cron_jobs", "cron entries"),
        ("persistence", "persistence spots"),
        ("ssh_keys", "SSH keys"),
        ("package_files", "package files checked against the package database"),
        ("package_integrity", "package files that failed the check"),
        ("shell_history", "history lines"),
    ):
        n = ctx.count(table)
        if n:
            out.append(f"{n:,} {what}")
        else:
            out.append(f"no {what}" + ("" if ctx.collected(table) else " (not collected)"))
    return out


def _alternatives(ctx: Ctx, vector: str, entry: Item | None) -> list[dict[str, str]]:
    ips = ctx.attacker_ips()
    marks = ",".join("?" * len(ips)) or "NULL"
    before = entry["time"] if entry else "9999"
    out = []

    def add(name: str, why: str) -> None:
        if name != vector:
            open_ = why.startswith("cannot be ruled out: ")
            out.append(
                {
                    "vector": name,
                    "rejected": not open_,
                    "why_rejected": why.removeprefix("cannot be ruled out: "),
                }
            )

    if ctx.count("auth_events"):
        first, last = (
            ctx.one("SELECT min(time) FROM auth_events"),
            ctx.one("SELECT max(time) FROM auth_events"),
        )
        brute = [s for s in _items(ctx, "ssh") if s.get("brute_force")]
        add(
            "SSH brute force",
            f"it happened too, but later ({short(brute[0]['time'])}) than the entry"
            if brute
            else f"no address with repeated failures later logged in (auth log covers {short(first)} .. {short(last)})",
        )
        keys = ctx.q(
            f"SELECT count(*) AS n FROM auth_events WHERE lower(event) LIKE '%accept%' AND "
            f"lower(coalesce(method, '')) LIKE '%publickey%' AND client_ip IN ({marks}) AND time <= ?",
            [*ips, before],
        )
        add(
            "SSH stolen key",
            "no key login from an attacker address before the entry"
            if not keys[0]["n"]
            else "a key login from an attacker address exists, but later than the entry",
        )
    else:
        why = _absent(ctx, "auth log", ("auth.log", "secure", "auth.log.1", "secure.1"))
        add("SSH brute force", f"cannot be ruled out: {why}")
        add("SSH stolen key", f"cannot be ruled out: {why}")
    if ctx.count("access_log") and ips:
        rows = ctx.q(
            f"SELECT url, status, method FROM access_log WHERE client_ip IN ({marks}) AND time <= ?",
            [*ips, before],
        )
        logins = [
            r for r in rows if r["method"] == "POST" and LOGIN.search(r["url"] or "") and r["status"] in (301, 302, 303)
        ]
        add(
            "admin panel with valid credentials",
            f"{len(logins)} successful login(s) from attacker addresses before the entry, but the planting "
            "request did not need them"
            if logins
            else "no successful login (a POST to a login page answered with a redirect) from attacker "
            "addresses before it",
        )
        editors = [r for r in rows if EDITOR.search(r["url"] or "")]
        add(
            "editor abuse",
            "attacker addresses used an editor, but not for the planting request"
            if editors
            else "no request from attacker addresses to a theme, plugin or template editor",
        )
        add(
            "upload form",
            "the planting request went to application code, not a generic upload form"
            if vector == "application or plugin exploit"
            else "no upload-form request preceded the file",
        )
        add(
            "application or plugin exploit",
            "no request to application code from attacker addresses came before the entry"
            if entry
            else "no planting request was found",
        )
    elif not ctx.count("access_log"):
        for name in (
            "application or plugin exploit",
            "upload form",
            "admin panel with valid credentials",
            "editor abuse",
        ):
            add(name, f"cannot be ruled out: {_absent(ctx, 'web access log', ('access.log', 'access_log'))}")
    else:
        for name in (
            "application or plugin exploit",
            "upload form",
            "admin panel with valid credentials",
            "editor abuse",
        ):
            add(name, "no address is tied to a web shell or a planting request")
    return out


def _absent(ctx: Ctx, what: str, names: tuple[str, ...]) -> str:
    """Why a kind of log says nothing: not in the image, or there but not parsed."""
    marks = ",".join("?" * len(names))
    there = ctx.q(f"SELECT path FROM files WHERE name IN ({marks}) AND type = 'file' LIMIT 3", names)
    if not there:
        return f"the image holds no {what}"
    read = {r["path"] for r in ctx.q("SELECT path FROM log_sources")} if ctx.count("log_sources") else set()
    parsed = [r["path"] for r in there if r["path"] in read]
    unread = [r["path"] for r in there if r["path"] not in read]
    parts = []
    if parsed:
        parts.append(f"{', '.join(parsed)} gave no events (empty, or in a format not parsed)")
    if unread:
        parts.append(f"{', '.join(unread)} is in the image but was not read as a log (not a log folder "
                     "the server config names); look at it by hand")
    return "; ".join(parts)


def indicators(ctx: Ctx) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("ips", "user_agents", "urls", "paths", "sha256", "key_fingerprints")
    }
    for ip in ctx.attacker_ips():
        web = ctx.q("SELECT min(time) AS f, max(time) AS l, count(*) AS n FROM access_log WHERE client_ip = ?", [ip])
        auth = ctx.q("SELECT min(time) AS f, max(time) AS l, count(*) AS n FROM auth_events WHERE client_ip = ?", [ip])
        times = [t for r in web + auth for t in (r["f"], r["l"]) if t]
        first_row = ctx.q("SELECT * FROM access_log WHERE client_ip = ? ORDER BY time, id LIMIT 1", [ip])
        ev = [cite("access_log", first_row[0])] if first_row else []
        if not ev:
            a = ctx.q("SELECT * FROM auth_events WHERE client_ip = ? ORDER BY time, id LIMIT 1", [ip])
            ev = [cite("auth_events", a[0])] if a else []
        n_web = web[0]["n"] if web else 0
        n_auth = auth[0]["n"] if auth else 0
        out["ips"].append(
            _ind(
                ip,
                min(times) if times else None,
                max(times) if times else None,
                "confirmed",
                f"{n_web} web requests, {n_auth} auth events",
                ev,
            )
        )
    seen_ua: set[str] = set()
    for shell in _items(ctx, "webshells"):
        for ua in shell["user_agents"]:
            if ua["user_agent"] in shell.get("attacker_user_agents", ()) and ua["user_agent"] not in seen_ua:
                seen_ua.add(ua["user_agent"])
                fr = shell["first_200"] or shell["first_request"]
                out["user_agents"].append(
                    _ind(
                        ua["user_agent"],
                        fr and fr["time"],
                        None,
                        "probable",
                        f"used on web shell {shell['path']} ({ua['requests']} requests)",
                        [shell["first_request"]["evidence"]] if shell["first_request"] else [],
                    )
                )
        for url in shell["urls"]:
            fr = shell["first_request"]
            out["urls"].append(
                _ind(
                    url,
                    fr and fr["time"],
                    None,
                    "confirmed",
                    f"web shell {shell['path']}",
                    [fr["evidence"]] if fr else [],
                )
            )
    for p in _items(ctx, "entry_point"):
        r = p["request"]
        if r["user_agent"] and r["user_agent"] not in seen_ua:
            seen_ua.add(r["user_agent"])
            out["user_agents"].append(
                _ind(
                    r["user_agent"],
                    r["time"],
                    r["time"],
                    "probable",
                    "sent the planting request",
                    [r["evidence"]],
                )
            )
        out["urls"].append(
            _ind(r["url"], r["time"], r["time"], p["confidence"], f"planted {p['file']}", [r["evidence"]])
        )
    for path, sha, why, ev, t in bad_files(ctx):
        out["paths"].append(_ind(path, t, None, "confirmed", why, ev))
        if sha and sha not in {i["value"] for i in out["sha256"]}:
            out["sha256"].append(_ind(sha, t, None, "confirmed", f"{path}: {why}", ev))
    for k in _items(ctx, "persistence"):
        if k.get("fingerprint"):
            out["key_fingerprints"].append(
                _ind(
                    k["fingerprint"],
                    k.get("time"),
                    None,
                    "probable",
                    f"authorized for {k.get('user')} in {k['path']}",
                    k["evidence"],
                )
            )
    for key, rows in out.items():
        rows.sort(key=lambda r: (r["first_seen"] or "9999", r["value"]))
        out[key] = rows
    return out


def _ind(
    value: str,
    first: str | None,
    last: str | None,
    confidence: str,
    context: str,
    evidence: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "value": value,
        "first_seen": short(first) or None,
        "last_seen": short(last or first) or None,
        "confidence": confidence,
        "context": context,
        "evidence": evidence,
    }


def bad_files(ctx: Ctx) -> list[tuple[str, str | None, str, list[dict[str, Any]], str | None]]:
    """(path, sha256, why, evidence, time) for every file the rebuild must not carry over."""
    out: dict[str, tuple[str, str | None, str, list[dict[str, Any]], str | None]] = {}

    def add(path: str, sha: str | None, why: str, ev: list[dict[str, Any]], t: str | None) -> None:
        if path and path not in out:
            out[path] = (path, sha, why, ev[:2], t)

    for s in _items(ctx, "webshells"):
        add(
            s["path"],
            s.get("sha256"),
            "web shell: " + "; ".join(s["reasons"][:3]),
            s["evidence"],
            s["first_request"]["time"] if s["first_request"] else s.get("mtime"),
        )
    for a in _items(ctx, "activity"):
        if a.get("kind") == "dropper" and a.get("malicious"):
            add(
                a["path"],
                a.get("sha256"),
                "dropper: " + "; ".join(a.get("reasons") or []),
                a["evidence"],
                a["time"],
            )
        elif a.get("kind") == "web user file":
            add(
                a["path"],
                a.get("sha256"),
                "written by the web server's user during the attack",
                a["evidence"],
                a["time"],
            )
    for m in _items(ctx, "malware"):
        add(m["path"], m.get("sha256"), "; ".join(m["reasons"][:2]) or "flagged by the scan", m["evidence"], m["time"])
    for t in _items(ctx, "tampering"):
        add(
            t["path"],
            t.get("sha256"),
            f"differs from package {t.get('package')}: reinstall the package"
            if t["kind"] == "package file changed"
            else "planted: no package owns it, and persistence runs or loads it",
            t["evidence"],
            t.get("time"),
        )
    for p in _items(ctx, "privesc"):
        if p.get("kind") == "suid" and p.get("path"):
            add(
                p["path"],
                p.get("sha256"),
                "set-uid: " + (p.get("detail") or ""),
                p["evidence"],
                p.get("time"),
            )
    return list(out.values())


def rebuild(ctx: Ctx, verdict_doc: dict[str, Any]) -> dict[str, Any]:
    entry = verdict_doc.get("entry")
    do_not = [{"path": p, "sha256": s, "why": w, "evidence": e} for p, s, w, e, _t in bad_files(ctx)]
    rotate: list[dict[str, Any]] = []
    for a in _items(ctx, "accounts"):
        if a.get("action"):
            rotate.append(
                {
                    "what": a.get("path") or a.get("user"),
                    "action": a["action"],
                    "why": a["text"],
                    "evidence": a["evidence"],
                }
            )
    for e in _items(ctx, "ssh"):
        how = "guessed" if e.get("brute_force") else "used"
        rotate.append(
            {
                "what": f"password and keys of {e['user']}",
                "action": f"reset {e['user']}'s password, remove keys it did not have before, review its sudo rights",
                "why": f"the attacker {how} {e['user']}'s login from {e['client_ip']} at {short(e['time'])}",
                "evidence": e["evidence"][:2],
            }
        )
    for k in _items(ctx, "persistence"):
        if k.get("fingerprint"):
            rotate.append({"what": k["fingerprint"], "action": k["undo"], "why": k["text"], "evidence": k["evidence"]})
    root = (
        any(p.get("kind") in ("uid0 account", "privilege escalation") for p in _items(ctx, "privesc"))
        or bool([t for t in _items(ctx, "tampering") if t.get("system_binary")])
        or any((s.get("user") == "root") for s in _items(ctx, "ssh"))
    )
    if verdict_doc["compromised"]:
        users = [
            u["name"]
            for u in ctx.q(
                "SELECT name FROM users WHERE shell NOT LIKE '%nologin' AND "
                "shell NOT LIKE '%false' AND shell != '' ORDER BY uid"
            )
        ]
        rotate.append(
            {
                "what": "passwords of accounts with a login shell: " + ", ".join(users),
                "action": "reset every one on the rebuilt host",
                "why": "the attacker " + ("had root and could read /etc/shadow" if root else "ran code on the host"),
                "evidence": [],
            }
        )
        if root:
            rotate.append(
                {
                    "what": "SSH host keys (/etc/ssh/ssh_host_*)",
                    "action": "generate new ones",
                    "why": "root could copy them and impersonate the server",
                    "evidence": [],
                }
            )
    undo = [
        {"kind": p["kind"], "path": p["path"], "undo": p["undo"], "evidence": p["evidence"]}
        for p in _items(ctx, "persistence")
    ]
    for a in _items(ctx, "accounts"):
        if a.get("undo"):
            undo.append({"kind": a["kind"], "path": a.get("path"), "undo": a["undo"], "evidence": a["evidence"]})
    for p in _items(ctx, "privesc"):
        if p.get("kind") == "uid0 account":
            undo.append(
                {
                    "kind": "uid0 account",
                    "path": p["path"],
                    "undo": f"userdel {p['user']} (remove its lines from /etc/passwd, /etc/shadow and /etc/group)",
                    "evidence": p["evidence"],
                }
            )
    patch = []
    if entry and entry.get("component"):
        c = entry["component"]
        patch.append(
            {
                "component": c.get("name"),
                "version": c.get("version"),
                "why": f"the entry point ({entry['vector']})",
                "evidence": entry["evidence"][:1],
            }
        )
    for app in ctx.q("SELECT * FROM web_apps WHERE flags IS NOT NULL AND flags NOT IN ('', '[]')"):
        if not any(p["component"] == app.get("name") for p in patch):
            patch.append(
                {
                    "component": app.get("name"),
                    "version": app.get("version"),
                    "why": app.get("flags"),
                    "evidence": [cite("web_apps", app)],
                }
            )
    times = [t for items in ctx.results.values() for i in items for t in i.get("attack_times", ()) if t]
    ips = ctx.attacker_ips()
    if ips:
        marks = ",".join("?" * len(ips))
        times += [
            t
            for t in (
                ctx.one(f"SELECT min(time) FROM access_log WHERE client_ip IN ({marks})", ips),
                ctx.one(f"SELECT min(time) FROM auth_events WHERE client_ip IN ({marks})", ips),
            )
            if t
        ]
    earliest = min(times) if times and verdict_doc["compromised"] else None
    cutoff = None
    if earliest:
        dt = parse_time(earliest) - MARGIN
        cutoff = fmt_time(dt.replace(hour=0, minute=0, second=0, microsecond=0))
    return {
        "do_not_restore": do_not,
        "rotate": rotate,
        "undo": undo,
        "patch": patch,
        "earliest_attacker_activity": earliest,
        "backup_cutoff": cutoff,
        "backup_cutoff_rule": "midnight UTC of the day before the earliest attacker activity",
        "not_examined": not_examined(ctx),
        "restore_plan": restore_plan(ctx, earliest, do_not),
    }


def not_examined(ctx: Ctx) -> list[str]:
    out = []
    for table, what in (
        ("access_log", "web access logs"),
        ("auth_events", "auth logs"),
        ("logins", "wtmp/btmp"),
        ("file_scores", "files the malware scan flagged"),
        ("packages", "packages"),
        ("package_files", "package file integrity"),
        ("web_apps", "web application versions"),
        ("shell_history", "shell histories"),
        ("cron_jobs", "scheduled jobs"),
    ):
        if not ctx.count(table):
            out.append(f"{what}: " + ("collected, none found" if ctx.collected(table) else "not collected"))
    for i in _items(ctx, "log_integrity"):
        if i.get("kind") in ("gap", "absent"):
            out.append(i["text"])
    out.append("memory, running processes and network connections (a disk image holds none)")
    out.append("databases' contents (rows the attacker may have changed, e.g. WordPress users and options)")
    return out


def restore_plan(ctx: Ctx, earliest: str | None, do_not: list[dict[str, Any]]) -> dict[str, Any]:
    bad = {d["path"] for d in do_not}
    changed_pkgs = sorted({t.get("package") for t in _items(ctx, "tampering") if t.get("package")})
    web_roots = sorted(
        {r["document_root"] for r in ctx.q("SELECT DISTINCT document_root FROM vhosts WHERE document_root IS NOT NULL")}
    ) or ["/var/www"]
    carry = []
    by_hand = []
    for root in web_roots:
        rows = ctx.q(
            "SELECT count(*) AS n, sum(CASE WHEN mtime >= ? OR ctime >= ? THEN 1 ELSE 0 END) AS late "
            "FROM files WHERE type = 'file' AND path LIKE ?",
            [earliest or "9999", earliest or "9999", root.rstrip("/") + "/%"],
        )
        n, late = rows[0]["n"] or 0, rows[0]["late"] or 0
        flagged = sum(1 for b in bad if b.startswith(root.rstrip("/") + "/"))
        carry.append(
            {
                "what": f"{root}: {max(n - late - flagged, 0)} files untouched since before the attack",
                "how": "copy as is after the do-not-restore list is removed",
            }
        )
        if late:
            by_hand.append(
                {
                    "what": f"{root}: {late} files changed at or after {short(earliest)}",
                    "how": "compare each with the application's release or the last good backup",
                }
            )
    carry.append(
        {
            "what": "package files that match their package (the package database's checksums)",
            "how": "reinstall the same packages at the versions listed under services",
        }
    )
    from_pkgs = [{"package": p, "how": "reinstall from the distribution's archive"} for p in changed_pkgs]
    services = [
        {
            "name": s["name"],
            "kind": s.get("kind"),
            "version": s.get("version"),
            "package": s.get("package"),
            "database": bool(s.get("database")),
            "data_dir": s.get("data_dir"),
            "config": s.get("config"),
        }
        for s in ctx.q("SELECT * FROM services WHERE enabled = 1 OR database = 1 ORDER BY database DESC, name")
    ]
    for s in services:
        if s["database"]:
            by_hand.append(
                {
                    "what": f"database {s['name']} {s['version'] or ''} ({s['data_dir'] or 'data dir unknown'})",
                    "how": "dump from the last backup before the cutoff and check its users and options",
                }
            )
    apps = [
        {
            "app": a.get("app"),
            "name": a.get("name"),
            "kind": a.get("component"),
            "version": a.get("version"),
            "root": a.get("root"),
        }
        for a in ctx.q("SELECT * FROM web_apps ORDER BY app, component, name")
    ]
    return {
        "carry_over": carry,
        "from_packages": from_pkgs,
        "rebuild_by_hand": by_hand,
        "services": services,
        "web_apps": apps,
    }


def timeline(ctx: Ctx, limit: int = 400) -> list[dict[str, Any]]:
    events = []
    for name, items in ctx.results.items():
        for i in items:
            if not i.get("time") or i.get("kind") in ("coverage",):
                continue
            if name == "activity" and i.get("kind") == "dropper" and not i.get("malicious"):
                continue
            ev = i.get("evidence") or []
            events.append(
                {
                    "time": short(i["time"]),
                    "source": name,
                    "event": i["title"],
                    "evidence": ev[0] if ev else None,
                }
            )
    events.sort(key=lambda e: (e["time"], e["source"]))
    start, _ = ctx.attack_window()
    if start:  # long before the attack: old file times (or set-back ones), shown in their sections instead
        events = [e for e in events if e["time"] >= short(shift(start, -7 * 86400))]
    ends = [
        t
        for t in (
            ctx.one("SELECT max(time) FROM access_log"),
            ctx.one("SELECT max(time) FROM auth_events"),
            ctx.attack_window()[1],
        )
        if t
    ]
    if ends:  # file times after every log ends are mostly the copy's (ctime of an imaged disk)
        events = [e for e in events if e["time"] <= short(shift(max(ends), 86400))]
    return events[:limit]


def server_zone(ctx: Ctx) -> str | None:
    for key in ("timezone", "time_zone", "tz"):
        v = ctx.one("SELECT value FROM system_facts WHERE key = ? LIMIT 1", [key])
        if v:
            return v
    return None


def host_facts(ctx: Ctx) -> dict[str, Any]:
    facts = {r["key"]: r["value"] for r in ctx.q("SELECT key, value FROM system_facts")}
    hostname = facts.get("hostname")
    os_name = facts.get("os") or facts.get("pretty_name") or facts.get("os_release.PRETTY_NAME")
    if not os_name:
        for k, v in facts.items():
            if re.search(r"pretty", k, re.I):
                os_name = v
    return {"hostname": hostname, "os": os_name, "timezone": server_zone(ctx)}
