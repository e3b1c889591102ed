"""Syslog lines (auth.log, secure, syslog, messages) and the auth events in them.

Traditional syslog writes "Mar  2 03:14:07" in the machine's local zone and
no year. The year comes from the file's last write: its last line was written
then, so walking back from the end, each step from January back to December
is a year earlier. Rotated files are anchored no later than the first line of
the next newer file. rsyslog's ISO stamps and RFC 5424 carry their own year
and offset and are read as written.

``classify`` turns a message into an event (ssh_accepted, ssh_failed,
sudo_command, useradd ...) with user, client address, port and method; the
whole line is kept in ``raw`` either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo

MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}

_HEADER = re.compile(
    r"^(?:<\d{1,3}>)?(?:1 )?"
    r"(?P<ts>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)?"
    r"|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)"
    r"(?::? +(?P<host>[^\s:\[]+)(?= )(?: +(?P<prog>[^\s\[:]+(?:\([^)]*\))?)(?:\[(?P<pid>\d+)\])?:?)?)?"
    r"(?: +(?P<msg>.*))?$",
    re.DOTALL,
)


@dataclass
class Header:
    time_text: str
    host: str | None
    program: str | None
    pid: int | None
    message: str
    month: int | None  # set for year-less stamps


def parse_header(line: str) -> Header | None:
    m = _HEADER.match(line)
    if m is None:
        return None
    ts = m.group("ts")
    pid = m.group("pid")
    month = MONTHS.get(ts[:3]) if ts[:1].isalpha() else None
    if ts[:1].isalpha() and month is None:
        return None
    return Header(
        ts,
        m.group("host"),
        m.group("prog"),
        int(pid) if pid and len(pid) < 10 else None,
        (m.group("msg") or "").strip(),
        month,
    )


def year_offsets(lines: list[int | None]) -> list[int]:
    """Year offsets (0 = the last line's year, -1 the year before ...) for a month sequence.

    A drop of more than one month going forward (Dec -> Jan) is a new year;
    small steps back are clock noise, not a year."""
    offsets = [0] * len(lines)
    year = 0
    later: int | None = None
    for i in range(len(lines) - 1, -1, -1):
        month = lines[i]
        if month is None:
            offsets[i] = year
            continue
        if later is not None and month > later + 1:
            year -= 1
        offsets[i] = year
        later = month
    return offsets


class SyslogClock:
    """Turns a header's time text into UTC ISO text, given the year of the file's last line."""

    def __init__(self, zone: tzinfo, last_year: int) -> None:
        self.zone = zone
        self.last_year = last_year
        self._cache: dict[tuple[int, str], str | None] = {}

    def iso(self, text: str, year_offset: int) -> str | None:
        if text[:1].isdigit():
            return iso_stamp(text, self.zone)
        key = (year_offset, text)
        hit = self._cache.get(key)
        if hit is not None or key in self._cache:
            return hit
        if len(self._cache) > 100_000:
            self._cache.clear()
        try:
            dt = datetime(
                self.last_year + year_offset,
                MONTHS[text[:3]],
                int(text[4:6]),
                int(text[7:9]),
                int(text[10:12]),
                int(text[13:15]),
                int((text[16:] + "000000")[:6]) if len(text) > 16 else 0,
            )
            value = _utc(dt.replace(tzinfo=self.zone))
        except (ValueError, KeyError, OverflowError):
            value = None
        self._cache[key] = value
        return value


def iso_stamp(text: str, zone: tzinfo) -> str | None:
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=zone)
    return _utc(dt)


def _utc(dt: datetime) -> str:
    dt = dt.astimezone(timezone.utc)
    text = dt.strftime("%Y-%m-%dT%H:%M:%S")
    if dt.microsecond:
        text += f".{dt.microsecond:06d}"
    return text + "Z"


def last_year(last_month: int | None, last_day: int | None, anchor: datetime) -> int:
    """The year of a file's last year-less line, given when it was last written (local time)."""
    if last_month is None or last_day is None:
        return anchor.year
    # A last line dated after the anchor (beyond a day of clock slack) was written the year before.
    try:
        candidate = datetime(anchor.year, last_month, min(last_day, 28 if last_month == 2 else last_day))
    except ValueError:
        return anchor.year
    return anchor.year - 1 if candidate > anchor.replace(tzinfo=None) + timedelta(days=1) else anchor.year


# -- events ------------------------------------------------------------------
_IP = r"(?P<ip>[0-9A-Fa-f:.]+|\S+)"
_USER = r"(?P<user>.*?)"
_PORT = r"(?: port (?P<port>\d+))?"
_RULES: list[tuple[str, str, re.Pattern[str]]] = [
    (p, e, re.compile(r, re.DOTALL))
    for p, e, r in [
        ("sshd", "ssh_accepted", rf"^Accepted (?P<method>\S+) for {_USER} from {_IP}{_PORT}"),
        (
            "sshd",
            "ssh_failed",
            rf"^Failed (?P<method>\S+) for (?P<invalid>invalid user )?{_USER} from {_IP}{_PORT}",
        ),
        ("sshd", "ssh_invalid_user", rf"^[Ii]nvalid user {_USER} from {_IP}{_PORT}"),
        (
            "sshd",
            "ssh_too_many",
            rf"^error: maximum authentication attempts exceeded for (?:invalid user )?{_USER} from {_IP}{_PORT}",
        ),
        ("sshd", "ssh_connect", rf"^Connection from {_IP}{_PORT}"),
        (
            "sshd",
            "ssh_closed",
            rf"^Connection (?:closed|reset) by (?:(?:invalid |authenticating )?user (?P<user>\S+) )?{_IP}{_PORT}",
        ),
        ("sshd", "ssh_disconnect", rf"^(?:error: )?Received disconnect from {_IP}{_PORT}"),
        (
            "sshd",
            "ssh_disconnect",
            rf"^Disconnected from (?:(?:invalid |authenticating )?user (?P<user>\S+) )?{_IP}{_PORT}",
        ),
        ("sshd", "ssh_no_ident", rf"^Did not receive identification string from {_IP}{_PORT}"),
        ("sshd", "ssh_break_in_attempt", r"^reverse mapping checking .*\[(?P<ip>[^\]]+)\] failed"),
        (
            "sshd",
            "ssh_bad_protocol",
            rf"^(?:Bad protocol version identification|banner exchange: Connection from) .*?{_IP}{_PORT}",
        ),
        ("sudo", "sudo_command", r"^\s*(?P<user>\S+) : (?P<detail>.*?COMMAND=.*)$"),
        (
            "sudo",
            "sudo_denied",
            r"^\s*(?P<user>\S+) : (?P<detail>.*(?:NOT in sudoers|incorrect password attempts|command not allowed).*)$",
        ),
        ("su", "su_failed", r"^(?:FAILED su|FAILED SU) (?:for (?P<target>\S+) )?by (?P<user>\S+)"),
        (
            "su",
            "su_success",
            r"^(?:Successful su for (?P<target>\S+) by (?P<user>\S+)|\+ \S+ (?P<user2>\S+):(?P<target2>\S+))",
        ),
        ("useradd", "user_added", r"^new user: name=(?P<user>[^,]+),(?P<detail>.*)$"),
        ("useradd", "group_added", r"^new group: name=(?P<user>[^,]+),?(?P<detail>.*)$"),
        (
            "groupadd",
            "group_added",
            r"^(?:new group: name=|group added to /etc/group: name=)(?P<user>[^,]+),?(?P<detail>.*)$",
        ),
        (
            "usermod",
            "user_modified",
            r"^(?P<detail>(?:add|change|delete|lock|unlock) .*?'(?P<user>[^']+)'.*)$",
        ),
        ("userdel", "user_deleted", r"^(?P<detail>delete user '(?P<user>[^']+)'.*)$"),
        ("passwd", "password_changed", r"password changed for (?P<user>\S+)"),
        ("chpasswd", "password_changed", r"password changed for (?P<user>\S+)"),
        ("chage", "password_aging_changed", r"^(?P<detail>changed password expiry for (?P<user>\S+).*)$"),
        ("CRON", "cron_command", r"^\((?P<user>[^)]*)\) CMD \((?P<detail>.*)\)$"),
        ("systemd-logind", "session_new", r"^New session (?P<session>\S+) of user (?P<user>[^.\s]+)"),
        ("systemd-logind", "session_removed", r"^Removed session (?P<session>[^.\s]+)"),
        ("systemd-logind", "session_logged_out", r"^Session (?P<session>\S+) logged out"),
        (
            "*",
            "session_opened",
            r"pam_unix\((?P<service>[^:)]+):session\): session opened for user (?P<user>[^\s(]+)"
            r"(?:\(uid=\d+\))?(?: by (?P<by>\S*))?",
        ),
        (
            "*",
            "session_closed",
            r"pam_unix\((?P<service>[^:)]+):session\): session closed for user (?P<user>\S+)",
        ),
        ("*", "session_opened", r"^session opened for user (?P<user>\S+)(?: by (?P<by>\S*))?"),
        ("*", "session_closed", r"^session closed for user (?P<user>\S+)"),
        ("*", "auth_failure", r"authentication failure;.*?rhost=(?P<ip>\S*)(?:\s+user=(?P<user>\S+))?"),
        ("*", "auth_failure", r"(?:check pass; user unknown|FAILED LOGIN .* FOR '?(?P<user>[^',]+))"),
    ]
]
_BY_PROGRAM: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _prog, _event, _rx in _RULES:
    _BY_PROGRAM.setdefault(_prog, []).append((_event, _rx))

# Programs whose lines matter for an intrusion even when no rule names the event.
AUTH_PROGRAMS = frozenset(
    {
        "sshd",
        "sudo",
        "su",
        "login",
        "useradd",
        "usermod",
        "userdel",
        "groupadd",
        "groupmod",
        "groupdel",
        "passwd",
        "chpasswd",
        "chage",
        "gpasswd",
        "cron",
        "CRON",
        "systemd-logind",
        "polkitd",
        "pkexec",
        "newgrp",
        "chsh",
        "chfn",
        "vsftpd",
        "proftpd",
        "pure-ftpd",
        "ftpd",
        "dropbear",
        "gdm-password",
        "sshd-session",
        "unix_chkpwd",
    }
)


def program_name(program: str | None) -> str:
    """'sshd(pam_unix)' -> 'sshd'; 'sshd-session' -> 'sshd' (OpenSSH 9.8 split)."""
    if not program:
        return ""
    base = program.split("(", 1)[0]
    return "sshd" if base == "sshd-session" else base


@dataclass
class Event:
    event: str
    user: str | None = None
    client_ip: str | None = None
    port: int | None = None
    method: str | None = None
    detail: str | None = None


_REPEATED = re.compile(r"^message repeated (\d+) times: \[ ?(.*?) ?\]$", re.DOTALL)


def classify(program: str | None, message: str) -> Event | None:
    prog = program_name(program)
    repeated = _REPEATED.match(message)
    if repeated:  # rsyslog folds repeats: the inner message is the event, N times over
        inner = classify(program, repeated.group(2))
        if inner is not None:
            inner.detail = f"repeated {repeated.group(1)} times" + (
                f"; {inner.detail}" if inner.detail else ""
            )
        return inner
    for event, rx in _BY_PROGRAM.get(prog, []) + _BY_PROGRAM["*"]:
        m = rx.search(message) if event.startswith(("session", "auth", "password")) else rx.match(message)
        if m is None:
            continue
        g = m.groupdict()
        user = g.get("user") or g.get("user2")
        detail = g.get("detail")
        target = g.get("target") or g.get("target2")
        if target:
            detail = f"to {target}"
        if g.get("session"):
            detail = f"session {g['session']}"
        if g.get("service"):
            detail = f"service {g['service']}" + (f" by {g['by']}" if g.get("by") else "")
        if g.get("invalid"):
            detail = "invalid user"
        port = g.get("port")
        return Event(
            event,
            user,
            g.get("ip") or None,
            int(port) if port and len(port) < 6 else None,
            g.get("method"),
            detail,
        )
    return None
