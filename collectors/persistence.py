"""persistence: every other place that makes the box run something again.

systemd units (system and user, with drop-ins and enabled state), SysV
init.d scripts and their rc?.d links, rc.local, /etc/ld.so.preload and
LD_PRELOAD in environment files, shell start-up files that run things, PAM
modules and pam_exec lines, udev RUN+= rules, update-motd.d scripts, and
kernel modules loaded at boot or hooked by modprobe "install" lines. A
rebuild that copies /etc back or restores a home brings these back with it,
so each row carries an `undo`: what the rebuild team removes or restores.

What is flagged, and why it is general: a file a package installed and that
still matches the package's md5 is the vendor's (its content is not judged);
a file no package owns in a folder only packages fill is planted; any other
file is judged by what its commands do (triage.sysparse.COMMAND_RULES).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from triage.evidence import Evidence, EvidenceError
from triage.runner import Context, Error
from triage.sysparse import (
    UNIT_DIRS,
    USER_UNIT_DIRS,
    command_flags,
    config_lines,
    file_md5,
    flags_json,
    homes,
    packages,
    read_lines,
    unit_sections,
    vendor_state,
)
from triage.text import display

ORDER = 18
VENDOR_UNIT_DIRS = ("/lib/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/user", "/usr/lib/systemd/user")
EXEC_KEYS = ("ExecStart", "ExecStartPre", "ExecStartPost", "ExecReload", "ExecStop", "ExecStopPost",
             "ExecCondition")
STARTUP_FILES = ("/etc/profile", "/etc/bash.bashrc", "/etc/bashrc", "/etc/zsh/zshrc", "/etc/zsh/zprofile",
                 "/etc/zsh/zshenv", "/etc/zshrc", "/etc/environment", "/etc/security/pam_env.conf")
USER_STARTUP = (".bashrc", ".profile", ".bash_profile", ".bash_login", ".bash_logout", ".zshrc", ".zprofile",
                ".zshenv", ".zlogin", ".pam_environment", ".config/autostart")
# Lines of start-up files worth a row: they run, source or preload something.
_RUNS = re.compile(r"\b(?:curl|wget|nc|ncat|socat|nohup|setsid|python[0-9.]*|perl|php|ruby|eval|exec|"
                   r"base64|openssl)\b|(?:^|[;&|(`]\s*)(?:/|\./|~/)\S+|&\s*$|\bPROMPT_COMMAND\s*=|\btrap\b|"
                   r"\bLD_PRELOAD\b|\bLD_LIBRARY_PATH\b|^\s*alias\s+(?:sudo|su|ssh|passwd|ls|cd|ps|netstat|"
                   r"ss|top|kill|find|lsof)=|^\s*(?:export\s+)?PATH=")
_ALIAS_SNOOP = re.compile(r"^\s*alias\s+(sudo|su|ssh|passwd|ps|netstat|ss|top|lsof|find|ls)=['\"]?(.*)")
_HARMLESS_ALIAS = re.compile(r"^[a-z]+ (?:--color=auto|-[a-zA-Z]+)*['\"]?$")
SECURITY_DIRS = ("/lib/security", "/lib64/security", "/usr/lib/security", "/usr/lib64/security")


def collect(evidence: Evidence, ctx: Context) -> Iterator[Any]:
    pk = packages(evidence)
    yield from pk.errors
    yield from _systemd(evidence)
    yield from _sysv(evidence)
    yield from _rc_local(evidence)
    yield from _preload(evidence)
    yield from _startup(evidence)
    yield from _pam(evidence)
    yield from _udev(evidence)
    yield from _motd(evidence)
    yield from _modules(evidence)


def _row(kind: str, source: str, name: str, detail: Any, flags: list[str], undo: str,
         line: int | None = None, enabled: bool | None = None, package: str | None = None) -> dict[str, Any]:
    if not isinstance(detail, str):
        detail = json.dumps(detail)
    return {"source": display(source), "line": line, "kind": kind, "name": display(name),
            "detail": display(detail), "enabled": None if enabled is None else int(enabled),
            "package": package, "flags": flags_json(flags), "undo": undo}


def _judge(evidence: Evidence, path: str, vendor_dir: bool) -> tuple[str | None, bool, list[str]]:
    """(package, trust the content, flags) for one file."""
    owner, changed = vendor_state(evidence, path)
    flags: list[str] = []
    if owner is not None:
        if changed:
            flags.append(f"differs from the copy package {owner} installed")
        return owner, changed is False, flags
    if vendor_dir and packages(evidence).readable:
        flags.append("no package owns this file, in a folder only packages fill")
    return None, False, flags


# -- systemd --------------------------------------------------------------------
def _enabled_links(evidence: Evidence, bases: list[str]) -> dict[str, list[str]]:
    """unit name -> the .wants/.requires folders linking it."""
    out: dict[str, list[str]] = {}
    for base in bases:
        for d in evidence.glob(f"{base}/*.wants") + evidence.glob(f"{base}/*.requires"):
            try:
                names = evidence.listdir(d)
            except EvidenceError:
                continue
            for n in names:
                out.setdefault(n, []).append(d)
    return out


def _systemd(evidence: Evidence) -> Iterator[Any]:
    home_dirs = [f"{home.rstrip('/')}/.config/systemd/user" for _user, home in homes(evidence)]
    links = _enabled_links(evidence, ["/etc/systemd/system", "/etc/systemd/user", *home_dirs])
    seen: set[str] = set()
    # a unit name shadows the same name in later folders of its scope; each home is its own scope
    scoped = [("system", d, "system") for d in UNIT_DIRS] + [("user", d, "user") for d in USER_UNIT_DIRS] \
        + [("user", d, d) for d in home_dirs]
    for scope, directory, shadow_key in scoped:
        for path in evidence.glob(f"{directory}/*.service") + evidence.glob(f"{directory}/*.socket") \
                + evidence.glob(f"{directory}/*.path"):
            name = path.rsplit("/", 1)[-1]
            key = f"{shadow_key}:{name}"
            if key in seen:
                continue
            try:
                st = evidence.lstat(path)
            except EvidenceError:
                continue
            if st.kind == "symlink":
                try:
                    if evidence.readlink(path) == "/dev/null":
                        continue  # masked
                except EvidenceError:
                    continue
            if not evidence.is_file(path):
                continue
            seen.add(key)
            yield from _unit(evidence, path, name, scope, directory, links)


def _unit(evidence: Evidence, path: str, name: str, scope: str, directory: str,
          links: dict[str, list[str]]) -> Iterator[Any]:
    sections, errors = unit_sections(evidence, path)
    yield from errors
    owner, trusted, flags = _judge(evidence, path, directory in VENDOR_UNIT_DIRS)
    execs = {k: v for k, v in sections.get("Service", []) if k in EXEC_KEYS}
    env = [v for k, v in sections.get("Service", []) if k in ("Environment", "EnvironmentFile")]
    dropins: list[str] = []
    for d in (*UNIT_DIRS, directory):
        for conf in evidence.glob(f"{d}/{name}.d/*.conf"):
            if conf in dropins:
                continue
            dropins.append(conf)
            d_sections, d_errors = unit_sections(evidence, conf)
            yield from d_errors
            d_owner, d_trusted, d_flags = _judge(evidence, conf, False)
            for k, v in d_sections.get("Service", []):
                if k in EXEC_KEYS and v:
                    execs[k] = v
                    if not d_trusted:
                        flags.extend(command_flags(v))
                if k in ("Environment", "EnvironmentFile"):
                    env.append(v)
            flags.extend(d_flags)
    if not trusted:
        for value in execs.values():
            flags.extend(command_flags(value))
    if any("LD_PRELOAD" in e for e in env):
        flags.append("sets LD_PRELOAD for the service")
    enabled_by = links.get(name, [])
    detail = {**execs}
    if env:
        detail["Environment"] = env
    if dropins:
        detail["drop-ins"] = dropins
    if enabled_by:
        detail["wanted_by"] = enabled_by
    ctl = f"systemctl {'--user ' if scope == 'user' else ''}"
    steps = []
    if owner is None:
        steps.append(f"{ctl}disable --now {name}; delete {path}")
    elif not trusted:
        steps.append(f"reinstall {owner} to restore the vendor unit")
    foreign = [d for d in dropins if vendor_state(evidence, d)[0] is None]
    if foreign:
        steps.append(f"delete the drop-in(s) {', '.join(foreign)}")
    if steps and owner is not None:
        steps.append(f"{ctl}daemon-reload")
    undo = "; ".join(steps) or "nothing (the package's own unit)"
    yield _row(f"systemd_{scope}_unit", path, name, detail, flags, undo, enabled=bool(enabled_by),
               package=owner)


# -- SysV init, rc.local -----------------------------------------------------
def _sysv(evidence: Evidence) -> Iterator[Any]:
    runlevels: dict[str, list[str]] = {}
    for d in evidence.glob("/etc/rc?.d") + evidence.glob("/etc/rc.d/rc?.d"):
        try:
            names = evidence.listdir(d)
        except EvidenceError:
            continue
        for n in names:
            m = re.match(r"^S\d\d(.+)$", n)
            if m:
                runlevels.setdefault(m.group(1), []).append(d.rsplit("/", 1)[-1][2])
    for directory in ("/etc/init.d", "/etc/rc.d/init.d"):
        for path in evidence.glob(f"{directory}/*"):
            name = path.rsplit("/", 1)[-1]
            if name in ("README", "skeleton", "functions", ".depend.start", ".depend.stop", ".depend.boot",
                        ".legacy-bootordering") or not evidence.is_file(path):
                continue
            owner, trusted, flags = _judge(evidence, path, False)
            if owner is None and packages(evidence).readable:
                flags.append("init script no package owns")
            if not trusted:
                flags.extend(_script_flags(evidence, path))
            levels = sorted(set(runlevels.get(name, [])))
            yield _row("sysv_init", path, name, {"runlevels": levels}, flags,
                       f"update-rc.d -f {name} remove; "
                       + (f"reinstall {owner}" if owner and not trusted else "keep (package script)"
                          if owner else f"delete {path}"),
                       enabled=bool(levels), package=owner)


def _script_flags(evidence: Evidence, path: str) -> list[str]:
    flags: list[str] = []
    for item in read_lines(evidence, path, max_line=64 * 1024):
        if isinstance(item, Error):
            break
        if not item[1].lstrip().startswith("#"):
            flags.extend(command_flags(item[1]))
    return flags


def _rc_local(evidence: Evidence) -> Iterator[Any]:
    for path in ("/etc/rc.local", "/etc/rc.d/rc.local"):
        if not evidence.is_file(path):
            continue
        try:
            executable = bool(evidence.stat(path).mode & 0o111)
        except EvidenceError:
            executable = False
        for item in read_lines(evidence, path, max_line=64 * 1024):
            if isinstance(item, Error):
                yield item
                break
            number, line = item
            text = line.strip()
            if not text or text.startswith("#") or text in ("exit 0", "exit"):
                continue
            yield _row("rc_local", path, text[:80], {"line": text, "executable": executable},
                       command_flags(text), f"remove line {number} from {path}", line=number, enabled=executable)


# -- preloading ------------------------------------------------------------------
def _preload(evidence: Evidence) -> Iterator[Any]:
    path = "/etc/ld.so.preload"
    if evidence.exists(path):
        for item in read_lines(evidence, path):
            if isinstance(item, Error):
                yield item
                break
            number, line = item
            for lib in line.split("#", 1)[0].replace(":", " ").split():
                yield _row("ld_so_preload", path, lib, {"library": lib, "exists": evidence.exists(lib)},
                           ["library preloaded into every process (userland rootkits hide this way)"],
                           f"empty {path} (delete it), then delete {lib}", line=number, enabled=True)


# -- shell start-up files ------------------------------------------------------
def _startup(evidence: Evidence) -> Iterator[Any]:
    files = [p for p in STARTUP_FILES if evidence.is_file(p)]
    files += [p for p in evidence.glob("/etc/profile.d/*") if evidence.is_file(p)]
    skel = {}
    for name in USER_STARTUP:
        digest = file_md5(evidence, f"/etc/skel/{name}") if evidence.is_file(f"/etc/skel/{name}") else None
        if digest:
            skel[name] = digest
    for _user, home in homes(evidence):
        for name in USER_STARTUP:
            path = f"{home.rstrip('/')}/{name}"
            if not evidence.is_file(path):
                continue
            if name in skel and file_md5(evidence, path) == skel[name]:
                continue  # the stock copy from /etc/skel
            files.append(path)
    for path in files:
        owner, trusted, base_flags = _judge(evidence, path, False)
        if trusted:
            continue
        if base_flags:
            yield _row("shell_startup", path, path.rsplit("/", 1)[-1], {"file": path}, base_flags,
                       f"reinstall {owner} (or restore {path} from the package)")
        for item in read_lines(evidence, path, max_line=64 * 1024):
            if isinstance(item, Error):
                yield item
                break
            number, line = item
            text = line.strip()
            if not text or text.startswith("#") or not _RUNS.search(text):
                continue
            flags = command_flags(text)
            alias = _ALIAS_SNOOP.match(text)
            if alias and not _HARMLESS_ALIAS.match(alias.group(2).strip()):
                flags.append(f"alias replaces {alias.group(1)} (password capture or hiding)")
            if re.search(r"\bPROMPT_COMMAND\s*=|\btrap\b.*\bDEBUG\b", text):
                flags.append("runs code before every prompt or command")
            if re.search(r"^\s*(?:export\s+)?PATH=['\"]?(?:\.|/tmp|/var/tmp|/dev/shm)(?:[:/'\"]|$)", text):
                flags.append("PATH starts with a writable directory (command hijack)")
            yield _row("shell_startup", path, text[:80], {"line": text}, flags,
                       f"remove line {number} from {path}", line=number, enabled=True, package=owner)


# -- PAM -----------------------------------------------------------------------
def _pam(evidence: Evidence) -> Iterator[Any]:
    modules: set[str] = set()
    for path in evidence.glob("/etc/pam.d/*") + (["/etc/pam.conf"] if evidence.is_file("/etc/pam.conf") else []):
        if not evidence.is_file(path):
            continue
        for item in config_lines(evidence, path, inline_comments=True):
            if isinstance(item, Error):
                yield item
                break
            number, text = item
            if text.startswith("@include"):
                continue
            f = text.split()
            if path.endswith("pam.conf"):
                f = f[1:]
            if len(f) < 3:
                continue
            module_at = 2
            if f[1].startswith("["):
                close = next((i for i, t in enumerate(f) if t.endswith("]")), 1)
                module_at = close + 1
            if module_at >= len(f):
                continue
            module = f[module_at]
            modules.add(module)
            flags = []
            if module.endswith("pam_exec.so"):
                flags.append("pam_exec runs a program at every login (credential capture, backdoor)")
            if module.endswith("pam_permit.so") and f[0].lstrip("-") == "auth" and f[1] == "sufficient":
                flags.append("pam_permit as sufficient: any password is accepted")
            if "/" in module and not module.startswith(SECURITY_DIRS + ("/usr/lib/x86_64-linux-gnu/security",)):
                flags.append("module loaded from outside the security folders")
            if flags:
                yield _row("pam", path, module, {"line": text}, flags, f"remove line {number} from {path}",
                           line=number, enabled=True)
    for directory in (*SECURITY_DIRS, "/lib/x86_64-linux-gnu/security", "/usr/lib/x86_64-linux-gnu/security",
                      "/lib/aarch64-linux-gnu/security", "/usr/lib/aarch64-linux-gnu/security"):
        if directory.startswith("/lib") and evidence.is_dir("/usr" + directory) and \
                evidence.resolve(directory) == evidence.resolve("/usr" + directory):
            continue  # merged /usr: the same folder twice
        for path in evidence.glob(f"{directory}/*.so"):
            name = path.rsplit("/", 1)[-1]
            owner, trusted, flags = _judge(evidence, path, True)
            used = name in modules or path in modules
            yield _row("pam_module", path, name, {"used_in_pam_d": used}, flags,
                       (f"delete {path} and every pam.d line naming it" if owner is None else
                        f"reinstall {owner}" if not trusted else "keep (package module)"),
                       enabled=used, package=owner)


# -- udev, motd, modules -------------------------------------------------------
def _udev(evidence: Evidence) -> Iterator[Any]:
    for directory in ("/etc/udev/rules.d", "/run/udev/rules.d", "/lib/udev/rules.d", "/usr/lib/udev/rules.d"):
        for path in evidence.glob(f"{directory}/*.rules"):
            owner, trusted, base = _judge(evidence, path, directory.endswith("lib/udev/rules.d"))
            if trusted:
                continue
            for item in read_lines(evidence, path, max_line=64 * 1024):
                if isinstance(item, Error):
                    yield item
                    break
                number, line = item
                m = re.search(r"\b(RUN|PROGRAM|IMPORT\{program\})\s*\+?=\s*\"([^\"]*)\"", line)
                if not m or line.lstrip().startswith("#"):
                    continue
                flags = base + command_flags(m.group(2))
                yield _row("udev", path, m.group(2)[:80], {"line": line.strip()}, flags,
                           f"remove line {number} from {path} (or delete the file), then udevadm control --reload",
                           line=number, enabled=True, package=owner)


def _motd(evidence: Evidence) -> Iterator[Any]:
    for path in evidence.glob("/etc/update-motd.d/*"):
        if not evidence.is_file(path):
            continue
        owner, trusted, flags = _judge(evidence, path, False)
        if owner is None and packages(evidence).readable:
            flags.append("no package owns this script; it runs as root at every SSH login")
        if not trusted:
            flags.extend(_script_flags(evidence, path))
        yield _row("update_motd", path, path.rsplit("/", 1)[-1], {}, flags,
                   f"delete {path}" if owner is None else f"reinstall {owner}" if not trusted else "keep",
                   enabled=True, package=owner)


def _kernel_modules(evidence: Evidence) -> set[str] | None:
    """Module names the installed kernels ship (from modules.dep / .builtin)."""
    names: set[str] = set()
    found = False
    for listing in evidence.glob("/lib/modules/*/modules.dep") + evidence.glob("/lib/modules/*/modules.builtin"):
        found = True
        for item in read_lines(evidence, listing):
            if isinstance(item, Error):
                break
            mod = item[1].split(":", 1)[0].rsplit("/", 1)[-1]
            names.add(re.sub(r"\.ko(\.\w+)?$", "", mod).replace("-", "_"))
    return names if found else None


def _modules(evidence: Evidence) -> Iterator[Any]:
    known = _kernel_modules(evidence)
    sources = ["/etc/modules"] + evidence.glob("/etc/modules-load.d/*.conf") \
        + evidence.glob("/usr/lib/modules-load.d/*.conf") + evidence.glob("/lib/modules-load.d/*.conf")
    for path in sources:
        if not evidence.is_file(path):
            continue
        for item in config_lines(evidence, path, inline_comments=True):
            if isinstance(item, Error):
                yield item
                break
            number, text = item
            if text.startswith(";"):
                continue
            name = text.split()[0]
            flags = []
            if known is not None and name.replace("-", "_") not in known:
                flags.append("loaded at boot but no installed kernel ships this module (out-of-tree: rootkit?)")
            yield _row("kernel_module", path, name, {"line": text}, flags,
                       f"remove line {number} from {path}; find and delete the module file",
                       line=number, enabled=True)
    for path in evidence.glob("/etc/modprobe.d/*") + evidence.glob("/lib/modprobe.d/*") \
            + evidence.glob("/usr/lib/modprobe.d/*"):
        if not evidence.is_file(path):
            continue
        owner, trusted, _ = _judge(evidence, path, False)
        for item in read_lines(evidence, path):
            if isinstance(item, Error):
                yield item
                break
            number, line = item
            f = line.strip().split(None, 2)
            if len(f) < 3 or f[0] != "install":
                continue
            command = f[2]
            harmless = re.match(r"^(?:/s?bin/|/usr/s?bin/)?(?:true|false)\b|^/s?bin/modprobe\b|"
                                r"^/usr/s?bin/modprobe\b", command.strip())
            flags = [] if trusted or harmless else [
                "modprobe install hook runs a command when the module loads", *command_flags(command)]
            yield _row("modprobe_install", path, f[1], {"line": line.strip()}, flags,
                       f"remove line {number} from {path}", line=number, enabled=True, package=owner)
