"""cron_jobs: everything the box runs on a schedule.

/etc/crontab and /etc/cron.d (with their user field), the cron.hourly ...
yearly scripts, user crontabs (Debian /var/spool/cron/crontabs, Red Hat
/var/spool/cron, SUSE /var/spool/cron/tabs), anacrontab, at jobs, and systemd
timers with the unit each one fires. A cron line that fetches and runs a
script every five minutes is the commonest way intruders come back after a
cleanup; @reboot lines and timers are the next. Environment lines (SHELL,
PATH, MAILTO) are rows too: a PATH that starts in /tmp hijacks every job.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

from triage.evidence import Evidence, EvidenceError
from triage.runner import Context, Error
from triage.sysparse import UNIT_DIRS, command_flags, config_lines, flags_json, read_lines, unit_sections, vendor_state
from triage.text import display
from triage.times import iso

ORDER = 16
CRON_MAX_LINE = 1000  # cron refuses longer commands ("too long"); attackers pad to hide
SPECIALS = {"@reboot", "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}
PERIODIC = ("hourly", "daily", "weekly", "monthly", "yearly")
_ENV = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")
_FIELD = re.compile(r"^[\d*/,\-A-Za-z?LW#]+$")


def collect(evidence: Evidence, ctx: Context) -> Iterator[Any]:
    if evidence.exists("/etc/crontab"):
        yield from _crontab(evidence, "/etc/crontab", system=True)
    for path in evidence.glob("/etc/cron.d/*"):
        if evidence.is_file(path):
            yield from _crontab(evidence, path, system=True)
    for spool in ("/var/spool/cron/crontabs", "/var/spool/cron/tabs", "/var/spool/cron"):
        for path in evidence.glob(f"{spool}/*"):
            if evidence.is_file(path):
                yield from _crontab(evidence, path, system=False, user=path.rsplit("/", 1)[-1])
    for period in PERIODIC:
        yield from _periodic(evidence, period)
    yield from _anacrontab(evidence, "/etc/anacrontab")
    for spool in ("/var/spool/cron/atjobs", "/var/spool/at"):
        for path in evidence.glob(f"{spool}/*"):
            if evidence.is_file(path) and not path.rsplit("/", 1)[-1].startswith("."):
                yield from _at_job(evidence, path)
    yield from _timers(evidence)


def env_flags(name: str, value: str) -> list[str]:
    flags = []
    value = value.strip().strip("'\"")
    if name == "PATH":
        first = value.split(":")[0]
        if first in ("", ".") or re.match(r"^(/tmp|/var/tmp|/dev/shm)(/|$)", first) or "/." in value:
            flags.append(f"PATH starts with or holds a writable or hidden directory ({display(first)})")
    if name in ("LD_PRELOAD", "LD_LIBRARY_PATH", "BASH_ENV", "ENV"):
        flags.append(f"{name} set for every job: code runs before each command")
    return flags


def _crontab(evidence: Evidence, path: str, system: bool, user: str | None = None) -> Iterator[Any]:
    env: dict[str, str] = {}
    shown = display(path)
    owner, changed = vendor_state(evidence, path) if system else (None, None)
    trust_content = owner is not None and changed is False
    for item in config_lines(evidence, path, max_line=64 * 1024):
        if isinstance(item, Error):
            yield item
            return
        number, text = item
        m = _ENV.match(text)
        if m:
            env[m.group(1)] = m.group(2)
            yield {"source": shown, "line": number, "kind": "env", "command": display(text), "user": user,
                   "env": None, "flags": flags_json(env_flags(m.group(1), m.group(2))),
                   "undo": f"remove line {number} from {shown}"}
            continue
        fields = text.split()
        if fields[0].startswith("@"):
            if fields[0].lower() not in SPECIALS:
                yield Error(path, f"unknown @ schedule {display(fields[0])}", number)
                continue
            schedule, rest = fields[0].lower(), fields[1:]
        else:
            if len(fields) < 6 or not all(_FIELD.match(f) for f in fields[:5]):
                yield Error(path, f"not a cron line: {display(text[:120])}", number)
                continue
            schedule, rest = " ".join(fields[:5]), fields[5:]
        job_user = user
        if system:
            if not rest:
                yield Error(path, f"no user field: {display(text[:120])}", number)
                continue
            job_user, rest = rest[0], rest[1:]
        if not rest:
            yield Error(path, f"no command: {display(text[:120])}", number)
            continue
        command = _command_text(text, schedule, system)
        flags = [] if trust_content else command_flags(command)
        if len(command) > CRON_MAX_LINE:
            yield Error(path, f"command of {len(command)} characters: cron refuses over {CRON_MAX_LINE}; "
                        "stored cut", number)
            flags.append(f"command of {len(command)} characters (padding to hide its end?)")
        if schedule == "@reboot" and flags:
            flags.append("runs at every boot")
        undo = (f"remove line {number} from {shown}" if system else
                f"remove line {number} from {shown} (or `crontab -r -u {display(user)}` to drop the whole table)")
        yield {"source": shown, "line": number, "kind": "system" if system else "user", "schedule": schedule,
               "user": display(job_user), "command": display(command[:4096]),
               "env": json.dumps(env) if env else None, "flags": flags_json(flags), "undo": undo}


def _command_text(text: str, schedule: str, system: bool) -> str:
    """The command part of a cron line, spaces kept as written."""
    skip = (1 if schedule.startswith("@") else 5) + (1 if system else 0)
    rest = text
    for _ in range(skip):
        rest = rest.lstrip().split(None, 1)[1] if len(rest.lstrip().split(None, 1)) > 1 else ""
    return rest.strip()


def _script_flags(evidence: Evidence, path: str) -> tuple[list[str], str | None]:
    """Reasons from a script's lines, unless it is a package's unchanged file."""
    owner, changed = vendor_state(evidence, path)
    flags: list[str] = []
    if owner is not None and changed is False:
        return flags, owner
    if owner is not None and changed:
        flags.append(f"differs from the copy package {owner} installed")
    for item in read_lines(evidence, path, max_line=64 * 1024):
        if isinstance(item, Error):
            break
        _n, line = item
        if not line.lstrip().startswith("#"):
            flags.extend(command_flags(line))
    return flags, owner


def _periodic(evidence: Evidence, period: str) -> Iterator[Any]:
    directory = f"/etc/cron.{period}"
    for path in evidence.glob(f"{directory}/*"):
        name = path.rsplit("/", 1)[-1]
        if name.startswith(".") and name == ".placeholder":
            continue
        if not evidence.is_file(path):
            continue
        flags, owner = _script_flags(evidence, path)
        if not re.match(r"^[A-Za-z0-9_-]+$", name):
            flags.append("run-parts skips this name (holds a dot or odd character): dormant")
        try:
            executable = bool(evidence.stat(path).mode & 0o111)
        except EvidenceError:
            executable = False
        yield {"source": display(path), "line": None, "kind": "periodic", "schedule": period, "user": "root",
               "command": display(path) + ("" if executable else " (not executable: run-parts skips it)"),
               "unit": owner, "flags": flags_json(flags),
               "undo": f"delete {display(path)}" + (f" (or reinstall {owner})" if owner else "")}


def _anacrontab(evidence: Evidence, path: str) -> Iterator[Any]:
    if not evidence.exists(path):
        return
    env: dict[str, str] = {}
    for item in config_lines(evidence, path):
        if isinstance(item, Error):
            yield item
            return
        number, text = item
        m = _ENV.match(text)
        if m and not m.group(1).isdigit():
            env[m.group(1)] = m.group(2)
            yield {"source": path, "line": number, "kind": "env", "command": display(text),
                   "flags": flags_json(env_flags(m.group(1), m.group(2))),
                   "undo": f"remove line {number} from {path}"}
            continue
        f = text.split(None, 3)
        if len(f) < 4:
            yield Error(path, f"not an anacrontab line: {display(text[:120])}", number)
            continue
        yield {"source": path, "line": number, "kind": "anacron", "schedule": f"every {f[0]} (delay {f[1]} min)",
               "user": "root", "command": display(f[3]), "unit": display(f[2]),
               "env": json.dumps(env) if env else None, "flags": flags_json(command_flags(f[3])),
               "undo": f"remove line {number} from {path}"}


def _at_job(evidence: Evidence, path: str) -> Iterator[Any]:
    """An at job is a shell script; its name holds queue, number and run time
    (minutes since the epoch, hex) on Debian/Red Hat atd."""
    name = path.rsplit("/", 1)[-1]
    schedule = None
    m = re.match(r"^([a-zA-Z=])([0-9a-f]{5})([0-9a-f]{8})$", name)
    if m:
        try:
            schedule = iso(datetime.fromtimestamp(int(m.group(3), 16) * 60, timezone.utc))
        except (OverflowError, OSError, ValueError):
            schedule = None
    user, commands, after_cd, body = None, [], False, False
    for item in read_lines(evidence, path):
        if isinstance(item, Error):
            yield item
            return
        _n, line = item
        u = re.match(r"^# atrun uid=(\d+)", line)
        if u:
            user = evidence.user_names().get(int(u.group(1)), u.group(1))
        elif line.startswith("cd ") and "||" in line:
            after_cd = True
        elif after_cd and line.strip() == "}":
            after_cd, body = False, True
        elif body and line.strip() and "marcinDELIMITER" not in line:
            commands.append(line)
    command = "\n".join(commands)
    job = m.group(2) if m else name
    yield {"source": display(path), "line": None, "kind": "at", "schedule": schedule or "once", "user": user,
           "command": display(command[:4096]), "flags": flags_json(command_flags(command)),
           "undo": f"atrm {int(job, 16) if m else display(job)} (or delete {display(path)})"}


# -- systemd timers -------------------------------------------------------------
def _wanted_links(evidence: Evidence) -> set[str]:
    """Unit names linked from any .wants/.requires folder (enabled)."""
    enabled: set[str] = set()
    for base in ("/etc/systemd/system", "/etc/systemd/user"):
        for d in evidence.glob(f"{base}/*.wants") + evidence.glob(f"{base}/*.requires"):
            try:
                enabled.update(evidence.listdir(d))
            except EvidenceError:
                continue
    return enabled


def _timers(evidence: Evidence) -> Iterator[Any]:
    enabled = _wanted_links(evidence)
    seen: set[str] = set()
    for directory in UNIT_DIRS:
        for path in evidence.glob(f"{directory}/*.timer"):
            name = path.rsplit("/", 1)[-1]
            if name in seen or not evidence.is_file(path):
                continue
            seen.add(name)
            sections, errors = unit_sections(evidence, path)
            yield from errors
            timer = sections.get("Timer", [])
            schedule = "; ".join(f"{k}={v}" for k, v in timer if k.startswith("On"))
            unit = next((v for k, v in timer if k == "Unit"), name[:-6] + ".service")
            command = ""
            for d in UNIT_DIRS:
                svc = f"{d}/{unit}"
                if evidence.is_file(svc):
                    svc_sections, svc_errors = unit_sections(evidence, svc)
                    yield from svc_errors
                    command = "; ".join(v for k, v in svc_sections.get("Service", []) if k.startswith("ExecStart"))
                    owner, changed = vendor_state(evidence, svc)
                    break
            else:
                owner, changed = None, None
            flags = [] if (owner and changed is False) else command_flags(command)
            yield {"source": display(path), "line": None, "kind": "systemd_timer", "schedule": display(schedule),
                   "user": "root", "command": display(command), "unit": display(unit),
                   "env": json.dumps({"enabled": name in enabled}), "flags": flags_json(flags),
                   "undo": f"systemctl disable --now {display(name)}; delete {display(path)} and the "
                           f"unit it fires ({display(unit)}) unless a package owns them"}
