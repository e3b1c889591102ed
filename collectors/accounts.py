"""accounts: users (passwd + shadow), groups (group + gshadow) and sudo rules.

Intruders who mean to come back add an account, give a service account a
shell or a password, add a second uid 0, or slip a NOPASSWD line into
sudoers.d. Every row says which file and line it came from; flagged rows say
why. sudoers files are followed through #include/#includedir (and the @ forms)
exactly as sudo would.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from triage.evidence import Evidence, EvidenceError
from triage.runner import Context, Error
from triage.sysparse import flags_json, has_login_shell, read_lines, uid_min
from triage.text import display

TABLES = ("users", "groups", "sudoers")
ORDER = 10

RECENT_DAYS = 30
PRIVILEGED_GROUPS = {"root", "sudo", "wheel", "admin", "adm", "shadow", "disk", "docker", "lxd", "lxc"}
SCHEMES = {"1": "md5crypt", "2a": "bcrypt", "2b": "bcrypt", "2x": "bcrypt", "2y": "bcrypt", "5": "sha256crypt",
           "6": "sha512crypt", "7": "scrypt", "y": "yescrypt", "gy": "gost-yescrypt", "sha1": "sha1crypt",
           "md5": "sunmd5", "3": "nthash"}
_PRINTABLE = re.compile(r"^[\x20-\x7e\t]*$")
_EPOCH = date(1970, 1, 1)


def collect(evidence: Evidence, ctx: Context) -> Iterator[Any]:
    yield from _users(evidence)
    yield from _groups(evidence)
    yield from _sudoers(evidence)


def _day(text: str) -> str | None:
    if not text.strip().lstrip("-").isdigit():
        return None
    try:
        return (_EPOCH + timedelta(days=int(text))).isoformat()
    except OverflowError:
        return None


def _num(text: str) -> int | None:
    t = text.strip()
    return int(t) if t.lstrip("-").isdigit() and len(t) < 12 else None


def password_info(field: str) -> tuple[str | None, str]:
    """(hash scheme, state) of a shadow (or passwd) password field."""
    if field == "":
        return None, "empty"
    locked = field.startswith("!")
    rest = field.lstrip("!")
    if rest in ("", "*", "x") or rest.startswith("*"):
        return None, "locked" if locked else "disabled"
    if rest.startswith("$"):
        scheme = SCHEMES.get(rest.split("$")[1], f"unknown (${rest.split('$')[1]}$)")
    elif len(rest) == 13:
        scheme = "des"
    elif rest.startswith("_") and len(rest) == 20:
        scheme = "bsdi"
    else:
        scheme = "unknown"
    return scheme, "locked (hash kept)" if locked else "set"


def _fields(evidence: Evidence, path: str, count: int) -> Iterator[tuple[int, list[str]] | Error]:
    """Colon-separated records; bad ones (binary, wrong field count) become Errors."""
    for item in read_lines(evidence, path):
        if isinstance(item, Error):
            yield item
            continue
        number, line = item
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not _PRINTABLE.match(line):
            yield Error(path, f"not a {path} record (binary or control bytes): {display(line[:80])}", number)
            continue
        f = line.split(":")
        if f[0][:1] in ("+", "-"):  # NIS compat lines name no local account
            continue
        if len(f) < count:
            yield Error(path, f"{len(f)} fields, expected {count}: {display(line[:80])}", number)
            continue
        yield number, f


def _shadow(evidence: Evidence) -> tuple[dict[str, tuple[int, list[str]]], list[Error]]:
    out: dict[str, tuple[int, list[str]]] = {}
    errors: list[Error] = []
    if not evidence.exists("/etc/shadow"):
        return out, errors
    for item in _fields(evidence, "/etc/shadow", 2):
        if isinstance(item, Error):
            errors.append(item)
        else:
            out.setdefault(item[1][0], item)
    return out, errors


def _shadow_mtime_day(evidence: Evidence) -> date | None:
    try:
        return date.fromtimestamp(evidence.stat("/etc/shadow").mtime_ns // 10**9)
    except (EvidenceError, OverflowError, OSError, ValueError):
        return None


def _users(evidence: Evidence) -> Iterator[Any]:
    shadow, errors = _shadow(evidence)
    yield from errors
    first_uid = uid_min(evidence)
    changed_ref = _shadow_mtime_day(evidence)
    rows: list[dict[str, Any]] = []
    for item in _fields(evidence, "/etc/passwd", 7):
        if isinstance(item, Error):
            yield item
            continue
        number, f = item
        name, pw, uid_t, gid_t, gecos, home, shell = f[:7]
        uid, gid = _num(uid_t), _num(gid_t)
        if uid is None:
            yield Error("/etc/passwd", f"uid {display(uid_t)!r} of {display(name)} is not a number", number)
        flags: list[str] = []
        row: dict[str, Any] = {"source": "/etc/passwd", "line": number, "name": display(name), "uid": uid,
                               "gid": gid, "gecos": display(gecos), "home": display(home),
                               "shell": display(shell)}
        if pw not in ("x", "*", "!"):
            scheme, state = password_info(pw)
            row.update(hash_scheme=scheme, password_state=state)
            if state == "empty":
                flags.append("empty password field in /etc/passwd: logs in without a password")
            elif state == "set":
                flags.append("password hash in /etc/passwd itself (shadow bypassed)")
        sh = shadow.get(name)
        if sh is not None:
            s = sh[1] + [""] * (9 - len(sh[1]))
            scheme, state = password_info(s[1])
            if pw in ("x", "*", "!") or row.get("password_state") is None:
                row.update(hash_scheme=scheme, password_state=state)
            row.update(last_change=_day(s[2]), min_days=_num(s[3]), max_days=_num(s[4]), warn_days=_num(s[5]),
                       inactive_days=_num(s[6]), expires=_day(s[7]))
            if state == "empty":
                flags.append("empty password in /etc/shadow: logs in without a password")
            last = _day(s[2])
            if (last and changed_ref and state == "set"
                    and 0 <= (changed_ref - date.fromisoformat(last)).days <= RECENT_DAYS):
                flags.append(f"password changed {last}, within {RECENT_DAYS} days of the last change "
                             f"to /etc/shadow ({changed_ref.isoformat()})")
        elif pw == "x":
            row["password_state"] = "no shadow entry"  # noqa: S105 - a state, not a secret
        if uid == 0 and name != "root":
            flags.append("uid 0 (root's powers) on an account not named root")
        if uid is not None and 0 < uid < first_uid and has_login_shell(shell) and name != "root":
            flags.append(f"system account (uid {uid} < {first_uid}) with a login shell {display(shell)}")
        row["flags"] = flags
        rows.append(row)
    uids = Counter(r["uid"] for r in rows if r["uid"] is not None)
    for row in rows:
        if row["uid"] is not None and uids[row["uid"]] > 1 and (row["name"], row["uid"]) != ("root", 0):
            others = sorted(r["name"] for r in rows if r["uid"] == row["uid"] and r is not row)
            row["flags"].append(f"uid {row['uid']} shared with {', '.join(others)}")
        row["flags"] = flags_json(row["flags"])
        yield "users", row


def _groups(evidence: Evidence) -> Iterator[Any]:
    gshadow: dict[str, list[str]] = {}
    if evidence.exists("/etc/gshadow"):
        for item in _fields(evidence, "/etc/gshadow", 4):
            if isinstance(item, Error):
                yield item
            else:
                gshadow.setdefault(item[1][0], item[1])
    rows: list[dict[str, Any]] = []
    for item in _fields(evidence, "/etc/group", 4):
        if isinstance(item, Error):
            yield item
            continue
        number, f = item
        name, pw, gid_t, members = f[0], f[1], f[2], f[3]
        gid = _num(gid_t)
        if gid is None:
            yield Error("/etc/group", f"gid {display(gid_t)!r} of {display(name)} is not a number", number)
        member_list = [m for m in members.split(",") if m]
        flags: list[str] = []
        gs = gshadow.get(name)
        admins = [m for m in gs[2].split(",") if m] if gs else []
        gpw = gs[1] if gs else pw
        if gpw not in ("x", "*", "!", "!!", "") and password_info(gpw)[1] == "set":
            flags.append("group password set (newgrp lets anyone with it join)")
        if gid == 0 and any(m != "root" for m in member_list):
            flags.append(f"members in gid 0: {', '.join(m for m in member_list if m != 'root')}")
        rows.append({"source": "/etc/group", "line": number, "name": display(name), "gid": gid,
                     "members": display(",".join(member_list)), "admins": display(",".join(admins)),
                     "flags": flags})
    gids = Counter(r["gid"] for r in rows if r["gid"] is not None)
    for row in rows:
        if row["gid"] is not None and gids[row["gid"]] > 1:
            row["flags"].append(f"gid {row['gid']} shared with another group")
        row["flags"] = flags_json(row["flags"])
        yield "groups", row


# -- sudoers ---------------------------------------------------------------
_ALIAS = re.compile(r"^(User|Runas|Host|Cmnd|Cmd)_Alias\s")
_TAGS = re.compile(r"^((?:NO)?(?:PASSWD|EXEC|SETENV|LOG_INPUT|LOG_OUTPUT|MAIL|FOLLOW|INTERCEPT|NOEXEC)"
                   r"|NOMAIL|NOFOLLOW|NOINTERCEPT)\s*:\s*")
DEFAULT_ADMINS = {"root", "%sudo", "%admin", "%wheel"}
MAX_INCLUDE_DEPTH = 8


def _logical_lines(evidence: Evidence, path: str) -> Iterator[tuple[int, str] | Error]:
    """Lines with backslash continuations joined, numbered by their first line."""
    buf, start = "", 0
    for item in read_lines(evidence, path):
        if isinstance(item, Error):
            yield item
            return
        number, line = item
        if not buf:
            start = number
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        yield start, buf + line
        buf = ""
    if buf:
        yield start, buf


def _sudoers(evidence: Evidence) -> Iterator[Any]:
    seen: set[str] = set()
    yield from _sudoers_file(evidence, "/etc/sudoers", seen, 0)


def _include_dir(evidence: Evidence, directory: str) -> list[str]:
    try:
        names = evidence.listdir(directory)
    except EvidenceError:
        return []
    # sudo skips names ending in ~ or containing a dot (editor backups, .dpkg-old)
    return [f"{directory.rstrip('/')}/{n}" for n in names if not n.endswith("~") and "." not in n]


def _sudoers_file(evidence: Evidence, path: str, seen: set[str], depth: int) -> Iterator[Any]:
    if path in seen or depth > MAX_INCLUDE_DEPTH:
        return
    seen.add(path)
    if not evidence.exists(path):
        if depth:
            yield Error(path, "included sudoers file does not exist")
        return
    base = path.rsplit("/", 1)[0] or "/"
    for item in _logical_lines(evidence, path):
        if isinstance(item, Error):
            yield item
            continue
        number, line = item
        text = line.strip()
        inc = re.match(r"^[#@](include|includedir)\s+(\S+)", text)
        if inc:
            target = inc.group(2).replace("%h", "")
            if not target.startswith("/"):
                target = f"{base}/{target}"
            targets = _include_dir(evidence, target) if inc.group(1) == "includedir" else [target]
            for t in targets:
                yield from _sudoers_file(evidence, t, seen, depth + 1)
            continue
        if not text or text.startswith("#"):
            continue
        row = _sudo_rule(text)
        if row is None:
            yield Error(path, f"sudoers syntax not understood: {display(text[:120])}", number)
            continue
        row.update(source=display(path), line=number, raw=display(text))
        yield "sudoers", row


def _sudo_rule(text: str) -> dict[str, Any] | None:
    """One sudoers line as a row; None when it is not sudoers syntax."""
    text = text.split(" #", 1)[0].strip()
    if text.startswith("Defaults"):
        flags = []
        if re.search(r"!\s*authenticate\b", text):
            flags.append("Defaults !authenticate: sudo asks nobody for a password")
        if re.search(r"env_keep\s*\+?=.*\bLD_(?:PRELOAD|LIBRARY_PATH)\b", text):
            flags.append("keeps LD_PRELOAD/LD_LIBRARY_PATH through sudo (root code injection)")
        return {"principal": "Defaults", "hosts": None, "runas": None, "commands": display(text[8:].strip()),
                "nopasswd": 0, "all_commands": 0, "flags": flags_json(flags)}
    if _ALIAS.match(text):
        kind, _, rest = text.partition(" ")
        if "=" not in rest:
            return None
        return {"principal": display(kind), "hosts": None, "runas": None, "commands": display(rest.strip()),
                "nopasswd": 0, "all_commands": 0, "flags": "[]"}
    m = re.match(r"^(\S+(?:\s*,\s*\S+)*)\s+([^=\s][^=]*?)\s*=\s*(.+)$", text)
    if not m:
        return None
    principal, hosts, spec = m.group(1), m.group(2), m.group(3)
    runas = None
    spec = spec.strip()
    if spec.startswith("("):
        close = spec.find(")")
        if close < 0:
            return None
        runas, spec = spec[1:close].strip(), spec[close + 1:].strip()
    tags: list[str] = []
    while True:
        t = _TAGS.match(spec)
        if not t:
            break
        tags.append(t.group(1))
        spec = spec[t.end():]
    if not spec:
        return None
    commands = [c.strip() for c in spec.split(",")]
    nopasswd = int("NOPASSWD" in tags)
    all_cmds = int(any(c == "ALL" for c in commands))
    flags = []
    stock = {p.strip() for p in principal.split(",")} <= DEFAULT_ADMINS
    if nopasswd and all_cmds:
        flags.append("NOPASSWD for ALL commands: root without a password")
    if all_cmds and not stock:
        flags.append(f"ALL commands for {principal} (not one of the stock admin rules)")
    shells = [c for c in commands if re.search(r"(?:^|/)(?:ba|z|da)?sh$|/(?:su|python[0-9.]*|perl|vi|vim|"
                                                r"find|less|more|nmap|awk|env|tee|cp|chmod|chown)(?:\s|$)", c)]
    if nopasswd and shells and not all_cmds:
        flags.append(f"NOPASSWD on a program that gives a root shell: {', '.join(shells)}")
    return {"principal": display(principal), "hosts": display(hosts), "runas": display(runas),
            "commands": display(", ".join(commands)), "nopasswd": nopasswd, "all_commands": all_cmds,
            "flags": flags_json(flags)}
