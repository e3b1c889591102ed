"""The SSH path: an address that failed to log in many times and then got an Accepted
(brute force), logins from addresses already tied to the attack, and key logins from
addresses never seen before (a stolen or planted key). auth.log and wtmp are independent
sources: both recording the same login makes it confirmed."""

from __future__ import annotations

from triage.report.base import Ctx, Item, cite, short

SECTION = "entry_point"
ORDER = 30

BRUTE_MIN = 5  # failures from one address before an Accepted that make it a guessed password

FAILED = "(lower(event) LIKE '%fail%' OR lower(event) LIKE '%invalid%' OR lower(event) LIKE '%bad%')"
ACCEPTED = "lower(event) LIKE '%accept%'"
# A session that was opened: wtmp/utmp user records, never btmp (failed attempts).
SESSION = "coalesce(kind, '') != 'btmp' AND (type IS NULL OR type IN ('USER_PROCESS', 'user', '7'))"


def run(ctx: Ctx) -> list[Item]:
    if not ctx.count("auth_events"):
        return []
    items: list[Item] = []
    web_ips = set(ctx.attacker_ips())
    rows = ctx.q(
        f"SELECT client_ip, count(*) AS fails, min(time) AS first, max(time) AS last, "
        f"count(DISTINCT user) AS users FROM auth_events WHERE {FAILED} AND client_ip IS NOT NULL "
        "GROUP BY client_ip"
    )
    fails = {r["client_ip"]: r for r in rows}
    for acc in ctx.q(f"SELECT * FROM auth_events WHERE {ACCEPTED} AND client_ip IS NOT NULL ORDER BY time, id"):
        ip = acc["client_ip"]
        f = fails.get(ip)
        brute = f is not None and f["fails"] >= BRUTE_MIN and f["first"] <= acc["time"]
        if not (brute or ip in web_ips):
            continue
        wtmp = ctx.q(
            f"SELECT * FROM logins WHERE (ip = ? OR host = ?) AND user = ? AND {SESSION} ORDER BY time LIMIT 3",
            [ip, ip, acc["user"]],
        )
        evidence = [cite("auth_events", acc)]
        if brute:
            first_fail = ctx.q(
                f"SELECT * FROM auth_events WHERE client_ip = ? AND {FAILED} ORDER BY time, id LIMIT 1", [ip]
            )
            evidence.insert(0, cite("auth_events", first_fail[0], note=f"first of {f['fails']} failures"))
        evidence += [cite("logins", w) for w in wtmp]
        method = (acc.get("method") or "").lower()
        if brute:
            vector = "SSH brute force"
            why = (
                f"{f['fails']} failed logins for {f['users']} user name(s) from {ip} between {short(f['first'])} "
                f"and {short(f['last'])}, then an Accepted {method or 'login'} for {acc['user']}"
            )
        else:
            vector = "SSH stolen key" if "publickey" in method else "SSH with valid credentials"
            why = f"{ip}, already tied to the attack, logged in over SSH as {acc['user']} ({method or 'login'})"
        sources = ["auth.log Accepted line"] + (["wtmp login record from the same address"] if wtmp else [])
        confidence = "confirmed" if brute and wtmp else "probable"
        items.append(
            {
                "title": f"SSH login as {acc['user']} from {ip}",
                "text": why + "." + (" wtmp records the same login." if wtmp else " No wtmp record confirms it."),
                "time": acc["time"],
                "vector": vector,
                "confidence": confidence,
                "agreeing_sources": sources,
                "user": acc["user"],
                "client_ip": ip,
                "brute_force": brute,
                "failures": f["fails"] if f else 0,
                "request": {
                    "time": acc["time"],
                    "client_ip": ip,
                    "method": "ssh " + (method or "login"),
                    "url": f"ssh://{acc['user']}@",
                    "status": None,
                    "user_agent": None,
                    "evidence": cite("auth_events", acc),
                },
                "component": {"name": "openssh-server", "version": _sshd_version(ctx)},
                "attacker_ips": [ip],
                "attack_times": [f["first"] if brute else acc["time"], acc["time"]],
                "facts": {"failures before": f["fails"] if f else 0, "method": method, "wtmp": bool(wtmp)},
                "evidence": evidence,
            }
        )
    # Logins (wtmp) from web attacker addresses that auth.log did not show.
    seen = {(i["client_ip"], i["user"]) for i in items}
    for ip in web_ips:
        for w in ctx.q(f"SELECT * FROM logins WHERE (ip = ? OR host = ?) AND {SESSION} ORDER BY time", [ip, ip]):
            if (ip, w["user"]) in seen:
                continue
            seen.add((ip, w["user"]))
            items.append(
                {
                    "title": f"login record for {w['user']} from attacker address {ip}",
                    "request": {
                        "time": w["time"],
                        "client_ip": ip,
                        "method": f"login ({w.get('kind') or 'wtmp'})",
                        "url": f"ssh://{w['user']}@",
                        "status": None,
                        "user_agent": None,
                        "evidence": cite("logins", w),
                    },
                    "component": None,
                    "agreeing_sources": ["a login record (wtmp) only"],
                    "text": f"{w.get('source')} records {w['user']} logging in from {ip} at {short(w['time'])}.",
                    "time": w["time"],
                    "vector": "SSH with valid credentials",
                    "confidence": "probable",
                    "user": w["user"],
                    "client_ip": ip,
                    "brute_force": False,
                    "attacker_ips": [ip],
                    "attack_times": [w["time"]],
                    "evidence": [cite("logins", w)],
                }
            )
    return items


def _sshd_version(ctx: Ctx) -> str | None:
    return ctx.one("SELECT version FROM packages WHERE name = 'openssh-server' LIMIT 1")
