"""Web shells: files the scan scored as malicious code that the web server can run, or
scripts in upload/cache folders that answered POSTs; for each, the URLs that reach it,
who used it (first request, first POST, first 200, client IPs and agents, counts) and
how rare that use is (few addresses, no referer), which sets it apart from site pages."""

from __future__ import annotations

import re
from typing import Any

from triage.report import urls as urlmap
from triage.report.base import (
    MALICIOUS_SCORE,
    SCRIPT_EXTS,
    SUSPICIOUS_SCORE,
    Ctx,
    Item,
    cite,
    ext_of,
    flags,
    seconds_between,
    short,
)

SECTION = "webshells"
ORDER = 10

# Folders where an app stores user uploads or caches: code there was put there, not shipped.
WRITABLE_DIRS = re.compile(r"/(uploads?|files|cache|tmp|temp|images?|media|attachments?|userfiles)/", re.I)
MAX_REQUESTS = 20000  # per shell: a shell hit this often is summarised from the first rows


def run(ctx: Ctx) -> list[Item]:
    pairs, origin = urlmap.mappings(ctx)
    candidates: dict[str, dict[str, Any]] = {}
    for row in ctx.q(
        "SELECT * FROM file_scores WHERE verdict IN ('webshell', 'malicious', 'suspicious') "
        "OR (verdict IS NULL AND score >= ?) ORDER BY score DESC",
        [SUSPICIOUS_SCORE],
    ):
        path = row["path"]
        code_ext = ext_of(path) in SCRIPT_EXTS and ext_of(path) != "sh"
        # A web-shell verdict on an image or text file stands too: .htaccess tricks make those run.
        if not (code_ext or row.get("verdict") == "webshell") or path.rsplit("/", 1)[-1].startswith(".ht"):
            continue
        if not urlmap.urls_for(path, pairs):
            continue
        candidates[path] = {"score_row": row, "reasons": flags(row.get("reasons"))}
    # Scripts in upload/cache folders that answered a POST: a shell even if no rule knows it.
    # Start from the (few) such files and look their URLs up, so a huge log is never scanned whole.
    exts = sorted(SCRIPT_EXTS - {"sh"})
    scripts = (
        ctx.q(f"SELECT path FROM files WHERE type = 'file' AND ext IN ({','.join('?' * len(exts))})", exts)
        if ctx.count("access_log")
        else []
    )
    for row in scripts:
        path = row["path"]
        if path in candidates or not WRITABLE_DIRS.search(path):
            continue
        urls = urlmap.urls_for(path, pairs)
        if not urls:
            continue
        n = ctx.one(
            f"SELECT count(*) FROM access_log WHERE path IN ({','.join('?' * len(urls))}) "
            "AND method = 'POST' AND status < 400",
            urls,
        )
        if n:
            candidates[path] = {
                "score_row": None,
                "reasons": [f"script in an upload or cache folder that answered {n} POST request(s)"],
            }

    items = []
    for path, cand in candidates.items():
        item = _describe(ctx, path, cand, urlmap.urls_for(path, pairs), origin)
        if item:
            items.append(item)
    items.sort(key=lambda i: (i["first_request"]["time"] if i["first_request"] else "9999", i["path"]))
    return items


def _describe(ctx: Ctx, path: str, cand: dict[str, Any], urls: list[str], origin: str) -> Item | None:
    score = cand["score_row"]
    f = (ctx.q("SELECT * FROM files WHERE path = ?", [path]) or [{}])[0]
    evidence = [cite("files", f, path=path)] if f else []
    reasons = list(cand["reasons"])
    if score:
        evidence.append(cite("file_scores", score))
        for fd in ctx.q("SELECT * FROM findings WHERE path = ? ORDER BY score DESC LIMIT 5", [path]):
            evidence.append(cite("findings", fd, rule=fd.get("rule")))
            text = f"{fd.get('rule') or fd.get('kind')}: {fd.get('description') or ''}".strip(": ")
            if text and not cand["reasons"] and text not in reasons:
                reasons.append(text)
    marks = ",".join("?" * len(urls))
    reqs = (
        ctx.q(f"SELECT * FROM access_log WHERE path IN ({marks}) ORDER BY time, id LIMIT {MAX_REQUESTS}", urls)
        if urls
        else []
    )
    used = [r for r in reqs if r.get("status") is not None and r["status"] < 400]
    if (
        score is not None
        and (score.get("score") or 0) < MALICIOUS_SCORE
        and score.get("verdict") not in ("malicious", "webshell")
        and not any(r["method"] == "POST" for r in used)
    ):
        return None  # merely suspicious and never used: the scan section lists it, not this one
    ips: dict[str, int] = {}
    agents: dict[str, int] = {}
    for r in reqs:
        ips[r["client_ip"]] = ips.get(r["client_ip"], 0) + 1
        agents[r["user_agent"] or "-"] = agents.get(r["user_agent"] or "-", 0) + 1
    users = sorted({r["client_ip"] for r in used if r.get("client_ip")})

    def pick(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
        if not rows:
            return None
        r = rows[0]
        return {
            "time": r["time"],
            "client_ip": r["client_ip"],
            "method": r["method"],
            "url": r["url"],
            "status": r["status"],
            "user_agent": r["user_agent"],
            "evidence": cite("access_log", r),
        }

    probes = [r for r in reqs if r.get("status") in (404, 410)]
    first = pick([r for r in reqs if r not in probes]) or pick(reqs)
    first_post = pick([r for r in reqs if r["method"] == "POST"])
    first_200 = pick([r for r in reqs if r["status"] == 200])
    no_ref = sum(1 for r in reqs if r.get("referer") in (None, "", "-"))
    if reqs:
        if len(ips) <= 3:
            reasons.append(f"reached by only {len(ips)} address(es) and {len(agents)} user agent(s)")
        if no_ref == len(reqs):
            reasons.append("no request to it carried a referer (nothing on the site links to it)")
    if WRITABLE_DIRS.search(path) and "upload" not in " ".join(reasons).lower():
        reasons.append("code in a folder meant for uploads or cache")
    stomped = _timestomp(ctx, f, used)
    reasons.extend(stomped)
    for r in (first, first_post, first_200):
        if r:
            evidence.append(r["evidence"])
    attack_times = [used[0]["time"]] if used else []
    used_agents = sorted({r["user_agent"] for r in used if r.get("user_agent") not in (None, "", "-")})
    seen_ev: set[tuple[str, object]] = set()
    evidence = [e for e in evidence if (e["table"], e["id"]) not in seen_ev and not seen_ev.add((e["table"], e["id"]))]
    return {
        "title": f"Web shell {path}",
        "text": (
            f"{path} is code the web server runs ({', '.join(urls) or 'no URL known'}; URLs from {origin}). "
            + (
                f"It was requested {len(reqs)} time(s) from {len(ips)} address(es), first at "
                f"{short(first['time'])} by {first['client_ip']}"
                + (f"; {len(probes)} request(s) got 404 (probes, or before it existed)." if probes else ".")
                if first
                else "No access-log line reaches it."
            )
        ),
        "time": first["time"] if first else None,
        "path": path,
        "sha256": f.get("sha256"),
        "owner": f.get("owner"),
        "size": f.get("size"),
        "mtime": f.get("mtime"),
        "ctime": f.get("ctime"),
        "btime": f.get("btime"),
        "score": score.get("score") if score else None,
        "urls": urls,
        "reasons": reasons,
        "first_request": first,
        "first_post": first_post,
        "first_200": first_200,
        "client_ips": [{"ip": ip, "requests": n} for ip, n in sorted(ips.items(), key=lambda x: -x[1])],
        "user_agents": [{"user_agent": ua, "requests": n} for ua, n in sorted(agents.items(), key=lambda x: -x[1])],
        "attacker_user_agents": used_agents,
        "probes": len(probes),
        "requests": len(reqs),
        "posts": sum(1 for r in reqs if r["method"] == "POST"),
        "no_referer": no_ref,
        "timestomped": bool(stomped),
        "attacker_ips": users,
        "attack_times": attack_times,
        "facts": {
            "sha256": f.get("sha256"),
            "owner": f.get("owner"),
            "mtime": f.get("mtime"),
            "ctime": f.get("ctime"),
            "btime": f.get("btime"),
            "requests": len(reqs),
            "client IPs": ", ".join(f"{ip} ({n})" for ip, n in ips.items()),
            "user agents": " | ".join(agents),
            "reasons": reasons,
        },
        "evidence": evidence,
    }


def _timestomp(ctx: Ctx, f: dict[str, Any], used: list[dict[str, Any]]) -> list[str]:
    """Signs the file's mtime was set back: older than its own use, its folder's month, or a copied neighbour's."""
    out: list[str] = []
    mtime = f.get("mtime")
    if not mtime:
        return out
    first_use = used[0]["time"] if used else None
    gap = seconds_between(mtime, first_use)
    stale = gap is not None and gap > 7 * 86400
    month = re.search(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/", f["path"])
    if month and mtime[:7] < f"{month.group(1)}-{month.group(2)}":
        out.append(
            f"timestomped: mtime {short(mtime)} is older than its upload folder's month "
            f"{month.group(1)}/{month.group(2)}"
        )
    if stale:
        folder = f["path"].rsplit("/", 1)[0]
        twin = ctx.q(
            "SELECT path FROM files WHERE path LIKE ? AND path NOT LIKE ? AND path != ? "
            "AND substr(mtime, 1, 19) = ? LIMIT 1",
            [folder + "/%", folder + "/%/%", f["path"], mtime[:19]],
        )
        if twin:
            out.append(
                f"timestomped: mtime {short(mtime)} is {gap / 86400:.0f} days before its first use "
                f"and the same second as its neighbour {twin[0]['path']} (copied with touch -r)"
            )
        elif (
            f.get("btime")
            and (seconds_between(mtime, f["btime"]) or 0) > 86400
            and (seconds_between(f["btime"], first_use) or -1) >= 0
        ):
            out.append(f"timestomped: mtime {short(mtime)} predates its birth time {short(f['btime'])}")
    return out
