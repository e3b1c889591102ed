"""The planting request: for each web shell, the requests from the same addresses or
user agents in the minutes before the file's birth time, ctime, mtime or first use,
above all POSTs to upload endpoints, plugin or theme editors, file managers and install
scripts; the component that request hit with its installed version, and the vector class.
Two independent sources agreeing (a file time within seconds of the request, and the same
address then using the shell) make it confirmed; the request alone makes it probable."""

from __future__ import annotations

import re
from typing import Any

from triage.report import urls as urlmap
from triage.report.base import Ctx, Item, cite, seconds_between, shift, short

SECTION = "entry_point"
ORDER = 20

WINDOW = 15 * 60  # seconds before an anchor time in which the planting request is looked for
AGREE = 120  # a file time this close to the request counts as a second, independent source

VECTORS = {
    "editor": "editor abuse",
    "admin": "admin panel with valid credentials",
    "exploit": "application or plugin exploit",
    "upload": "upload form",
    "shell": "through an earlier web shell",
}
EDITOR = re.compile(
    r"(theme|plugin|template)-editor\.php|edit-theme-plugin-file|com_templates|"
    r"/admin/appearance|templates?/edit|/editor",
    re.I,
)
FILE_MANAGER = re.compile(r"elfinder|file-?manager|connector\.(php|minimal)|kcfinder|filemanager|ajaxfilemanager", re.I)
INSTALL = re.compile(r"/(install|setup|installation)(/|\.php|-config\.php)|/install\.php|setup-config\.php", re.I)
ADMIN_UPLOAD = re.compile(
    r"/wp-admin/(update\.php|plugin-install\.php|theme-install\.php|async-upload\.php|"
    r"media-new\.php|upload\.php)|/administrator/|/admin/",
    re.I,
)
UPLOAD = re.compile(r"upload", re.I)
APP_CODE = re.compile(
    r"/(wp-content/(plugins|themes)|modules|sites/all|components|extensions|vendor|plugins|"
    r"xmlrpc\.php|wp-admin/admin-ajax\.php|cgi-bin)|\?q=|user/register|ajax|\.php$",
    re.I,
)
APP_DIRS = re.compile(r"/(wp-content/(plugins|themes)|modules|sites/all|components|extensions|vendor)/", re.I)
LOGIN = re.compile(r"wp-login\.php|/administrator/index\.php|/user/login|/admin/login|/login", re.I)


def classify(url: str, path: str, shell_urls: set[str], logged_in: bool) -> tuple[str, str]:
    """(vector class, why) for the request that planted a file."""
    if path in shell_urls:
        return VECTORS["shell"], f"the request went to the web shell {path}"
    if EDITOR.search(url):
        return VECTORS["editor"], "the request went to a theme/plugin/template editor"
    if FILE_MANAGER.search(url):
        return (
            VECTORS["admin"] if logged_in else VECTORS["exploit"],
            "the request went to a file manager"
            + (" after a successful login" if logged_in else " without any login before it"),
        )
    if INSTALL.search(url):
        return VECTORS["exploit"], "the request went to an install script left reachable"
    if ADMIN_UPLOAD.search(url) and logged_in:
        return VECTORS["admin"], "an admin upload page used after a successful login from the same address"
    if UPLOAD.search(url) and not APP_DIRS.search(path or url):
        return VECTORS["upload"], "the request went to an upload form"
    if APP_CODE.search(path or url):
        return VECTORS["exploit"], "the request went straight to application or plugin code, without a login"
    return VECTORS["exploit"], "the request went to application code"


def _score(r: dict[str, Any], anchors: list[tuple[str, str]]) -> tuple[float, list[str]]:
    s = 0.0
    if r["method"] == "POST":
        s += 3
    if r["method"] == "PUT":
        s += 3
    url = r["url"] or ""
    if EDITOR.search(url) or FILE_MANAGER.search(url) or INSTALL.search(url) or UPLOAD.search(url):
        s += 3
    elif APP_CODE.search(r["path"] or ""):
        s += 1
    if r["status"] is not None and r["status"] < 400:
        s += 1
    agree = []
    for kind, t in anchors:
        d = seconds_between(r["time"], t)
        if d is not None and -2 <= d <= AGREE and kind != "first use":
            agree.append(kind)
    s += 3 * bool(agree)
    return s, agree


def run(ctx: Ctx) -> list[Item]:
    shells = ctx.results.get("webshells") or []
    if not shells or not ctx.count("access_log"):
        return []
    log_first = ctx.one("SELECT min(time) FROM access_log")
    log_last = ctx.one("SELECT max(time) FROM access_log")
    shell_urls = {u for s in shells for u in s["urls"]}
    pairs, _origin = urlmap.mappings(ctx)
    items = []
    for shell in shells:
        item = _planting(ctx, shell, shell_urls, pairs, log_first, log_last)
        if item:
            items.append(item)
    # The entry point is the earliest planting that did not go through another shell.
    items.sort(key=lambda i: (i["vector"] == VECTORS["shell"], i["request"]["time"]))
    return items


def _planting(
    ctx: Ctx, shell: Item, shell_urls: set[str], pairs: list[tuple[str, str]], log_first: str, log_last: str
) -> Item | None:
    users = shell["attacker_ips"]
    agents = [ua["user_agent"] for ua in shell["user_agents"] if ua["user_agent"] != "-"]
    anchors: list[tuple[str, str]] = []
    ignored = []
    for kind, key in (("birth time", "btime"), ("ctime", "ctime"), ("mtime", "mtime")):
        t = shell.get(key)
        if not t:
            continue
        if t < log_first or t > log_last:
            ignored.append(f"{kind} {short(t)} falls outside the access logs ({short(log_first)} .. {short(log_last)})")
        else:
            anchors.append((kind, t))
    if shell.get("first_200") or shell.get("first_request"):
        anchors.append(("first use", (shell.get("first_200") or shell["first_request"])["time"]))
    if not anchors or not (users or agents):
        return None
    best: tuple[float, dict[str, Any], list[str], str] | None = None
    for kind, t in anchors:
        start = shift(t, -WINDOW)
        who = [f"client_ip IN ({','.join('?' * len(users))})"] if users else []
        if agents:
            who.append(f"user_agent IN ({','.join('?' * len(agents))})")
        rows = ctx.q(
            f"SELECT * FROM access_log WHERE time >= ? AND time <= ? AND ({' OR '.join(who)}) "
            "ORDER BY time DESC, id DESC LIMIT 500",
            [start, shift(t, 2), *users, *agents],
        )
        for r in rows:
            if r["path"] in set(shell["urls"]):
                continue
            s, agree = _score(r, anchors)
            s -= abs(seconds_between(r["time"], t) or 0) / WINDOW  # nearer wins ties
            if best is None or s > best[0]:
                best = (s, r, agree, kind)
    if best is None or best[0] < 3:
        return None
    _s, r, agree, anchor = best
    login = ctx.q(
        "SELECT * FROM access_log WHERE client_ip = ? AND time < ? AND method = 'POST' AND status "
        "IN (301, 302, 303) ORDER BY time DESC LIMIT 20",
        [r["client_ip"], r["time"]],
    )
    login = [x for x in login if LOGIN.search(x["url"] or "")]
    vector, why = classify(r["url"] or "", r["path"] or "", shell_urls, bool(login))
    hit = urlmap.file_for(r["path"] or "", pairs)
    component = None if vector == VECTORS["shell"] else _component(ctx, r["path"] or "", hit)
    used_after = [u for u in shell["attacker_ips"] if u == r["client_ip"]]
    sources = [f"the file's {k} is within {AGREE} s of it" for k in agree]
    if used_after:
        sources.append(f"the same address {r['client_ip']} then used the shell")
    confidence = "confirmed" if agree and used_after else ("probable" if agree or used_after else "possible")
    evidence = [cite("access_log", r)]
    before = ctx.q(
        "SELECT * FROM access_log WHERE client_ip = ? AND time >= ? AND time <= ? AND id != ? "
        "ORDER BY time DESC, id DESC LIMIT 5",
        [r["client_ip"], shift(r["time"], -WINDOW), r["time"], r["id"]],
    )
    evidence += [cite("access_log", b, note="earlier request from the same address") for b in reversed(before)]
    if login:
        evidence.append(cite("access_log", login[0], note="successful login before the upload"))
    if component and component.get("evidence"):
        evidence.append(component["evidence"])
    notes = list(ignored)
    if shell.get("mtime") and r["time"] and (seconds_between(shell["mtime"], r["time"]) or 0) > 86400:
        notes.append(
            f"the shell's mtime {short(shell['mtime'])} predates the request that planted it: "
            "its mtime was set back (timestomped)"
        )
    comp_text = f" It hit {component['name']} {component.get('version') or '(version unknown)'}." if component else ""
    return {
        "title": f"{shell['path']} planted by {r['method']} {(r['url'] or '')[:100]} from {r['client_ip']}",
        "text": (
            f"At {short(r['time'])} {r['client_ip']} sent {r['method']} {r['url']} (status {r['status']}); "
            f"{why}. Vector: {vector}.{comp_text} Matched on: {', '.join(sources) or 'time and address only'}."
            + (" " + " ".join(notes) if notes else "")
        ),
        "time": r["time"],
        "file": shell["path"],
        "vector": vector,
        "why": why,
        "confidence": confidence,
        "anchor": anchor,
        "agreeing_sources": sources,
        "notes": notes,
        "request": {
            "time": r["time"],
            "client_ip": r["client_ip"],
            "method": r["method"],
            "url": r["url"],
            "status": r["status"],
            "user_agent": r["user_agent"],
            "evidence": cite("access_log", r),
        },
        "component": component and {k: v for k, v in component.items() if k != "evidence"},
        "attacker_ips": [r["client_ip"]],
        "attack_times": [r["time"]],
        "facts": {
            "vector": vector,
            "confidence": confidence,
            "user agent": r["user_agent"],
            "component": f"{component['name']} {component.get('version') or ''}" if component else None,
        },
        "evidence": evidence,
    }


def _component(ctx: Ctx, url_path: str, image_path: str | None) -> dict[str, Any] | None:
    """The installed app or plugin whose files (or URL prefix) the request hit."""
    best = None
    for app in ctx.q("SELECT * FROM web_apps"):
        root = (app.get("root") or "").rstrip("/")
        prefixes = [p for p in re.split(r"[\s,\[\]\"]+", app.get("url_prefixes") or "") if p]
        hit = bool(image_path and root and (image_path == root or image_path.startswith(root + "/")))
        length = len(root) if hit else 0
        for p in prefixes:
            if url_path.startswith(p.rstrip("/") + "/") and len(p) > length:
                hit, length = True, len(p) + 1000  # a URL prefix is as good as a root
        if hit and (best is None or length > best[0]):
            best = (length, app)
    if best:
        app = best[1]
        return {
            "name": app.get("name") or app.get("app"),
            "version": app.get("version"),
            "app": app.get("app"),
            "kind": app.get("component"),
            "root": app.get("root"),
            "evidence": cite("web_apps", app, path=app.get("evidence")),
        }
    m = re.search(r"/wp-content/(plugins|themes)/([^/]+)/", url_path)
    if m:
        return {
            "name": m.group(2),
            "version": None,
            "app": "wordpress",
            "kind": m.group(1)[:-1],
            "root": None,
        }
    return None
