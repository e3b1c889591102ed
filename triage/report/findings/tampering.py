"""Tampered system files: package files whose content no longer matches what the
package shipped (dpkg md5sums), above all binaries in system paths, which is how trojaned
ls, ps, sshd or netstat show up; conffiles are left out (admins edit those)."""

from __future__ import annotations

from triage.report.base import Ctx, Item, cite, flags, short

SECTION = "tampering"
ORDER = 45

SYSTEM_BIN = (
    "/bin/",
    "/sbin/",
    "/usr/bin/",
    "/usr/sbin/",
    "/lib/",
    "/lib64/",
    "/usr/lib/",
    "/usr/lib64/",
    "/usr/local/bin/",
    "/usr/local/sbin/",
)


def run(ctx: Ctx) -> list[Item]:
    items: list[Item] = []
    for p in ctx.q(
        "SELECT * FROM package_integrity WHERE (conffile IS NULL OR conffile = 0) AND "
        "lower(coalesce(status, '')) NOT IN ('', 'ok', 'unchanged', 'verified') ORDER BY path"
    ):
        f = (ctx.q("SELECT * FROM files WHERE path = ?", [p["path"]]) or [{}])[0]
        system = p["path"].startswith(SYSTEM_BIN)
        why = flags(p.get("flags"))
        text = (
            f"{p['path']} from package {p.get('package')} is {p.get('status')}: dpkg recorded md5 "
            f"{p.get('expected_md5')}, the image holds {p.get('actual_md5') or 'nothing'}."
        )
        if system and p.get("status") != "missing":
            text += " A system binary that differs from its package is the mark of a trojan or rootkit."
        if f.get("mtime"):
            text += f" mtime {short(f['mtime'])}, ctime {short(f.get('ctime'))}."
        items.append(
            {
                "title": f"{'trojaned' if system else 'changed'} package file {p['path']}",
                "text": text,
                "time": f.get("ctime") or f.get("mtime"),
                "kind": "package file changed",
                "path": p["path"],
                "package": p.get("package"),
                "status": p.get("status"),
                "sha256": f.get("sha256"),
                "system_binary": system,
                "reasons": why,
                "evidence": [cite("package_integrity", p)] + ([cite("files", f)] if f else []),
            }
        )
    return items
