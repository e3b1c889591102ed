"""Tampered system files: package files whose content no longer matches what the
package shipped (dpkg md5sums, rpm digests), above all binaries in system paths, which is how trojaned
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
        system = _system_binary(p["path"], f)
        why = flags(p.get("flags"))
        status = (p.get("status") or "").lower()
        evidence = [cite("package_integrity", p)] + ([cite("files", f)] if f else [])
        if status == "unowned":
            # Many hosts carry hand-installed files; one counts when something else points at it.
            used_by = _referenced(ctx, p["path"])
            verdict = ctx.one("SELECT verdict FROM file_scores WHERE path = ?", [p["path"]])
            if not used_by and verdict not in ("attacker-tool", "webshell", "suspicious"):
                continue
            text = f"{p['path']} sits in a system folder but no package owns it"
            text += f"; {used_by[0][1]} runs or loads it" if used_by else f"; the scan says {verdict}"
            evidence += [u[0] for u in used_by[:2]]
            kind, title = "unowned system file", f"planted system file {p['path']}"
        else:
            text = (
                f"{p['path']} from package {p.get('package')} is {p.get('status')}: "
                f"{p.get('format') or 'dpkg'} recorded {p.get('digest_algo') or 'md5'} "
                f"{p.get('expected_digest') or p.get('expected_md5')}, the image holds "
                f"{p.get('actual_digest') or p.get('actual_md5') or 'nothing'}."
            )
            if system and status != "missing":
                text += " A system binary that differs from its package is the mark of a trojan or rootkit."
            kind, title = "package file changed", f"{'trojaned' if system else 'changed'} package file {p['path']}"
        if f.get("mtime"):
            text += f" mtime {short(f['mtime'])}, ctime {short(f.get('ctime'))}."
        items.append(
            {
                "title": title,
                "text": text,
                "time": f.get("ctime") or f.get("mtime"),
                "kind": kind,
                "path": p["path"],
                "package": p.get("package"),
                "status": p.get("status"),
                "sha256": f.get("sha256"),
                "system_binary": system and status != "missing",
                "reasons": why,
                "evidence": evidence,
            }
        )
    return items


BIN_DIRS = ("/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/", "/usr/local/bin/", "/usr/local/sbin/", "/usr/libexec/")
# language package trees under /usr/lib that npm, pip or gem update in place: changed, not trojaned
LANGUAGE_TREES = ("/node_modules/", "/dist-packages/", "/site-packages/", "/python2", "/python3", "/ruby/", "/perl5/",
                  "/perl/")


def _system_binary(path: str, f: dict) -> bool:
    """A program or library a trojan would replace: anything in a bin folder, or an ELF file (by its
    libmagic type) in a system library folder outside the language package trees."""
    if path.startswith(BIN_DIRS):
        return True
    if not path.startswith(SYSTEM_BIN) or any(t in path for t in LANGUAGE_TREES):
        return False
    kind = f"{f.get('mime') or ''} {f.get('magic') or ''}"
    elf = "sharedlib" in kind or "executable" in kind or "ELF" in kind
    return elf or path.endswith((".so", ".ko")) or ".so." in path


def _referenced(ctx: Ctx, path: str) -> list[tuple[dict, str]]:
    """Flagged persistence rows whose text names ``path`` (an ld.so.preload line, a unit's ExecStart)."""
    out = []
    for table, col in (("persistence", "detail"), ("cron_jobs", "command")):
        for r in ctx.q(
            f"SELECT * FROM {table} WHERE instr({col}, ?) > 0 AND flags IS NOT NULL AND flags NOT IN ('', '[]') "
            "LIMIT 3",
            [path],
        ):
            out.append((cite(table, r), f"{r['source']}" + (f" line {r['line']}" if r.get("line") else "")))
    return out
