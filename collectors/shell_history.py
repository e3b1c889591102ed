"""shell_history: commands typed into bash, zsh, sh/ash, fish, mysql, psql and
python, per user, numbered, with times where the shell kept them.

The intruder's own keystrokes are the best account of what they did: the
download, the chmod +x in /tmp, the reverse shell, the new account, the
history they tried to wipe. Each command carries the reasons it looks like an
attacker's (triage.sysparse.COMMAND_RULES).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

from triage.evidence import Evidence, EvidenceError
from triage.runner import Context, Error
from triage.sysparse import command_flags, flags_json, homes
from triage.text import decode, display
from triage.times import iso

ORDER = 14
MAX_COMMAND = 64 * 1024

# name in the home -> shell; the parser is chosen by the shell
FILES = {
    ".bash_history": "bash", ".zsh_history": "zsh", ".zhistory": "zsh", ".histfile": "zsh",
    ".sh_history": "sh", ".ash_history": "ash", ".history": "sh", ".local/share/fish/fish_history": "fish",
    ".config/fish/fish_history": "fish", ".mysql_history": "mysql", ".mariadb_history": "mysql",
    ".psql_history": "psql", ".python_history": "python", ".sqlite_history": "sqlite",
    ".rediscli_history": "redis", ".node_repl_history": "node",
}
_BASH_TS = re.compile(rb"^#(\d{9,11})$")
_ZSH_EXT = re.compile(rb"^: ?(\d{1,11}):(\d+);(.*)$", re.S)


def collect(evidence: Evidence, ctx: Context) -> Iterator[Any]:
    for user, home in homes(evidence):
        for name, shell in FILES.items():
            path = f"{home.rstrip('/')}/{name}"
            if not evidence.is_file(path):
                continue
            try:
                for number, when, command in parse(evidence, path, shell):
                    text = display(command[:MAX_COMMAND])
                    yield {"source": display(path), "line": number, "user": display(user), "shell": shell,
                           "time": when, "command": text, "flags": flags_json(command_flags(command))}
            except EvidenceError as exc:
                yield Error.of(exc)


def _time(epoch: int) -> str | None:
    try:
        return iso(datetime.fromtimestamp(epoch, timezone.utc))
    except (OverflowError, OSError, ValueError):
        return None


def parse(evidence: Evidence, path: str, shell: str) -> Iterator[tuple[int, str | None, str]]:
    """(line, ISO time or None, command) for each command of one history file."""
    lines = evidence.raw_lines(path)
    if shell == "bash":
        yield from parse_bash(lines)
    elif shell == "zsh":
        yield from parse_zsh(lines)
    elif shell == "fish":
        yield from parse_fish(lines)
    else:  # sh, ash, mysql, psql, python, sqlite, redis, node: a line is a command
        yield from parse_libedit(lines)


def parse_bash(lines: Iterator[tuple[int, bytes]]) -> Iterator[tuple[int, str | None, str]]:
    """bash: with HISTTIMEFORMAT each command follows a '#epoch' line and may
    span lines up to the next one; without it, one line is one command."""
    when: str | None = None
    timed = False
    pending: list[bytes] = []
    start = 0
    for number, raw in lines:
        m = _BASH_TS.match(raw)
        if m:
            if pending:
                yield start, when, decode(b"\n".join(pending))
                pending = []
            timed, when = True, _time(int(m.group(1)))
            continue
        if timed:
            if not pending:
                start = number
            pending.append(raw)
        elif raw.strip():
            yield number, None, decode(raw)
    if pending:
        yield start, when, decode(b"\n".join(pending))


def unmetafy(data: bytes) -> bytes:
    """zsh stores bytes >= 0x83 as 0x83 followed by the byte XOR 32."""
    if b"\x83" not in data:
        return data
    out = bytearray()
    it = iter(data)
    for b in it:
        if b == 0x83:
            nxt = next(it, None)
            if nxt is not None:
                out.append(nxt ^ 32)
        else:
            out.append(b)
    return bytes(out)


def parse_zsh(lines: Iterator[tuple[int, bytes]]) -> Iterator[tuple[int, str | None, str]]:
    """zsh: ': start:elapsed;command' (EXTENDED_HISTORY) or plain lines; a line
    ending in a backslash continues on the next."""
    pending: bytes | None = None
    start, when = 0, None
    for number, raw in lines:
        raw = unmetafy(raw)
        if pending is not None:
            pending += b"\n" + raw
        else:
            start = number
            m = _ZSH_EXT.match(raw)
            if m:
                when, pending = _time(int(m.group(1))), m.group(3)
            else:
                when, pending = None, raw
        if pending.endswith(b"\\") and not pending.endswith(b"\\\\\\"):
            pending = pending[:-1]
            continue
        if pending.strip():
            yield start, when, decode(pending)
        pending = None
    if pending is not None and pending.strip():
        yield start, when, decode(pending)


def parse_fish(lines: Iterator[tuple[int, bytes]]) -> Iterator[tuple[int, str | None, str]]:
    """fish: '- cmd: ...' then '  when: epoch' (a YAML-like list)."""
    cmd: str | None = None
    start, when = 0, None
    for number, raw in lines:
        text = decode(raw)
        if text.startswith("- cmd: "):
            if cmd is not None:
                yield start, when, cmd
            start, when = number, None
            cmd = text[7:].replace("\\n", "\n").replace("\\\\", "\\")
        elif text.strip().startswith("when:") and cmd is not None:
            value = text.split(":", 1)[1].strip()
            when = _time(int(value)) if value.isdigit() else None
    if cmd is not None:
        yield start, when, cmd


_OCTAL = re.compile(rb"\\([0-7]{3})")


def parse_libedit(lines: Iterator[tuple[int, bytes]]) -> Iterator[tuple[int, str | None, str]]:
    """mysql/psql/python/sh: one line, one command; in a libedit file (its
    '_HiStOrY_V2_' header) the \\040-style escapes are undone."""
    libedit = False
    for number, raw in lines:
        if number == 1 and raw.startswith(b"_HiStOrY_V2_"):
            libedit = True
            continue
        if not raw.strip():
            continue
        if libedit:
            raw = _OCTAL.sub(lambda m: bytes([int(m.group(1), 8) & 0xFF]), raw)
        yield number, None, decode(raw)
