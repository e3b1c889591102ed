"""Accounts and credentials: accounts the collectors flagged (UID 0, empty passwords,
recent changes, service accounts with shells), sudo rules that hand out root, account
changes logged during the attack, and application configs holding database passwords,
which the attacker could read as the web server's user and which must be rotated."""

from __future__ import annotations

from triage.report.base import Ctx, Item, cite, flags, short

SECTION = "accounts"
ORDER = 70

# Configs that hold database or API secrets by app convention.
SECRET_FILES = (
    "wp-config.php",
    "configuration.php",
    "settings.php",
    "config.php",
    "config.inc.php",
    "LocalSettings.php",
    ".env",
    "local.xml",
    "env.php",
    "parameters.yml",
    "database.yml",
    "config.ini.php",
    "db.php",
    "database.php",
    "settings.local.php",
)


def run(ctx: Ctx) -> list[Item]:
    items: list[Item] = []
    start, _ = ctx.attack_window()
    for u in ctx.q("SELECT * FROM users ORDER BY uid"):
        why = flags(u.get("flags"))
        if not why:
            continue
        items.append(
            {
                "title": f"account {u['name']} (uid {u['uid']})",
                "text": f"{u['source']} line {u['line']}: {u['name']} uid {u['uid']} shell {u.get('shell')}; "
                f"flagged: {', '.join(why)}.",
                "kind": "account",
                "user": u["name"],
                "reasons": why,
                "action": f"remove or reset {u['name']}",
                "evidence": [cite("users", u)],
            }
        )
    for s in ctx.q("SELECT * FROM sudoers ORDER BY source, line"):
        why = flags(s.get("flags"))
        if not why:
            continue
        items.append(
            {
                "title": f"sudo rule for {s['principal']}",
                "text": f"{s['source']} line {s['line']}: {s.get('raw')}; flagged: {', '.join(why)}.",
                "kind": "sudo rule",
                "user": s["principal"],
                "reasons": why,
                "path": s["source"],
                "action": f"remove the rule from {s['source']}",
                "undo": f"delete line {s['line']} of {s['source']}",
                "evidence": [cite("sudoers", s, raw=s.get("raw"))],
            }
        )
    if start:
        for ev in ctx.q(
            "SELECT * FROM auth_events WHERE time >= ? AND (program IN ('useradd', 'usermod', 'passwd', "
            "'chpasswd', 'groupadd', 'gpasswd', 'userdel', 'chage') OR lower(event) LIKE '%user%add%' "
            "OR lower(event) LIKE '%password%changed%') ORDER BY time",
            [start],
        ):
            items.append(
                {
                    "title": f"{ev['program']}: {ev.get('detail') or ev.get('event')}",
                    "text": f"{ev['source']} line {ev['line']} at {short(ev['time'])}, during the attack: "
                    f"{ev.get('raw') or ev.get('detail')}.",
                    "time": ev["time"],
                    "kind": "account change",
                    "user": ev.get("user"),
                    "action": "review and undo this change",
                    "attack_times": [ev["time"]],
                    "evidence": [cite("auth_events", ev)],
                }
            )
    names = " OR ".join("f.name = ?" for _ in SECRET_FILES)
    for f in ctx.q(
        f"SELECT f.* FROM files f WHERE f.type = 'file' AND ({names}) AND "
        "f.path NOT LIKE '/usr/share/%' AND f.path NOT LIKE '/usr/lib/%' ORDER BY f.path",
        SECRET_FILES,
    ):
        items.append(
            {
                "title": f"secrets in {f['path']}",
                "text": f"{f['path']} holds the application's database or API credentials; the web server's "
                "user could read it, so whoever ran code as that user has them.",
                "kind": "secret",
                "path": f["path"],
                "action": f"rotate the credentials in {f['path']}",
                "evidence": [cite("files", f)],
            }
        )
    return items
