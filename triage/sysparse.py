"""Helpers the system collectors share: accounts and homes from the image,
package ownership from the image's dpkg or rpm database, and the command rules that
say why a command line looks like an attacker's.

The rules are data: (reason, regex) pairs for what intruders really type or
plant (download-and-run, reverse shells, base64 stagers, programs run from
world-writable or hidden places, history wiping, account and key changes,
firewall and logging off). A row's `flags` is the list of reasons that match.
"""

from __future__ import annotations

import json
import re
import stat
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from triage import rpmdb
from triage.evidence import Evidence, EvidenceError
from triage.runner import Error

# World-writable or volatile places nothing legitimate runs from.
_TMP = r"(?:/tmp|/var/tmp|/dev/shm|/run/shm|/run/user/\d+|/var/lock|/var/run/lock)"
_FETCH = r"\b(?:curl|wget|fetch|lwp-download|tftp|ftp)\b"
_SHELL = r"\b(?:ba|da|z|k|c|tc|a)?sh\b|\bpython[0-9.]*\b|\bperl\b|\bphp\b|\bruby\b"

COMMAND_RULES: list[tuple[str, re.Pattern[str]]] = [(reason, re.compile(rx, re.I)) for reason, rx in [
    ("download piped into a shell or interpreter", rf"{_FETCH}[^|;&]*\|\s*(?:sudo\s+)?(?:{_SHELL})"),
    ("download then execute", rf"{_FETCH}[^;&|]*(?:;|&&)\s*(?:chmod\s+[+0-7]*x?\S*\s+\S+\s*(?:;|&&)\s*)?"
                              rf"(?:\./|{_TMP}/|/\S+/\.)"),
    ("download into a temporary directory", rf"{_FETCH}[^;&|]*(?:-O\s*|-o\s*|>\s*){_TMP}/"),
    ("base64-decoded payload", r"base64\s+(?:-d|--decode|-D)\b|b64decode|base64_decode|\bopenssl\s+(?:enc\s+)?"
                               r"-?base64\s+-d"),
    ("reverse shell (/dev/tcp or /dev/udp)", r"/dev/(?:tcp|udp)/"),
    ("netcat or socat with a program attached", r"\b(?:nc|ncat|netcat)\b[^|;&]*\s-[a-z]*[ec]\b|"
                                               r"\bsocat\b[^|;&]*\b(?:exec|system):"),
    ("interactive shell wired to a socket", r"\b(?:ba)?sh\s+-i\b.*[<>]&|mkfifo\b.*\b(?:nc|ncat|netcat|telnet)\b"),
    ("scripted socket connect (python/perl/ruby/php one-liner)",
     r"\b(?:python[0-9.]*|perl|ruby|php)\b\s+-\w*[ecr]\w*\s.*\b(?:socket|fsockopen|TCPSocket|IO::Socket)\b"),
    # in command position: first word, after ; & | ( ` or a quote, or handed to a runner
    ("runs a program from a world-writable directory",
     rf"(?:^[-@+!:]*|[;&|`('\"]\s*|\b(?:ba|da|z)?sh\s+|\b(?:nohup|setsid|exec|env|sudo|timeout|nice|python[0-9.]*|perl|"
     rf"php|ruby|node)\s+(?:-\S+\s+)*){_TMP}/\S"),
    # dot-folders in homes (~/.local/bin, ~/.cargo/bin) are normal; elsewhere they hide things
    ("hidden path component", rf"(?:^[-@+!:]*|[\s;&|`'\"(=])(?:{_TMP}|/var/www|/srv|/usr|/etc|/opt|/lib|/bin|/sbin|"
                              r"/boot|/dev|/var/(?:lib|log|spool|cache|backups|mail))(?:/[^/\s]+)*/\.[^./\s][^/\s]*"),
    ("path component of only dots or blanks", r"/(?:\.{3,}|\.+ +|\s+)/"),
    ("makes a file executable in a temporary directory", rf"\bchmod\s+(?:[0-7]*[1357]\b|[ugoa]*\+\w*x)\S*\s+"
                                                         rf"(?:\S+\s+)*{_TMP}/"),
    ("clears or disables shell history", r"\bhistory\s+-c\b|\bunset\s+HISTFILE\b|HISTFILE=/dev/null|"
                                         r"HISTSIZE=0\b|HISTFILESIZE=0\b|set\s+\+o\s+history|"
                                         r"(?:rm|shred|truncate)\b[^;&|]*\.(?:bash|zsh|sh|ash)_history|"
                                         r"ln\s+-s\w*\s+/dev/null\s+\S*_history|>\s*\S*\.bash_history"),
    ("adds or changes an account", r"(?:^|[\s;&|(`])(?:useradd|adduser|usermod|userdel|groupadd|chpasswd|passwd|"
                                   r"vipw|visudo)\b|(?:>>?|\btee\b[^|;&]*)\s*/etc/(?:passwd|shadow|sudoers)\b"),
    ("edits cron", r"\bcrontab\s+(?!-l\b)\S|(?:>>?|\btee\b[^|;&]*|\b(?:cp|mv|install)\b[^|;&]*)\s*"
                   r"(?:/etc/cron|/var/spool/cron|/etc/anacrontab)"),
    ("creates or plants SSH keys", r"\bssh-keygen\b|(?:>>?|\btee\b[^|;&]*|\b(?:cp|mv)\b[^|;&]*)\s*\S*authorized_keys"),
    ("disables the firewall", r"\biptables\s+(?:-F|--flush|-P\s+\w+\s+ACCEPT|-X)|\bufw\s+disable\b|"
                              r"(?:systemctl\s+(?:stop|disable|mask)|service)\s+(?:firewalld|ufw|iptables|nftables)\b|"
                              r"\bnft\s+flush\s+ruleset\b|\bsetenforce\s+0\b"),
    ("tampers with logging", r"(?:systemctl\s+(?:stop|disable|mask)|service)\s+(?:r?syslog|rsyslog|auditd|"
                             r"systemd-journald)\b|\b(?:rm|shred|truncate)\b[^;&|]*/var/log/|"
                             r"(?:^|[;&|]\s*|\bcat\s+/dev/null\s*)>\s*/var/log/|\bjournalctl\s+--(?:vacuum|rotate)|"
                             r"\bauditctl\s+-D\b|\bunset\s+PROMPT_COMMAND\b"),
    ("coin miner", r"\bxmrig\b|stratum\+(?:tcp|ssl)://|\bminerd\b|--donate-level|\bcpuminer\b"),
    ("preloads a library into processes", r"\bLD_PRELOAD\s*=|/etc/ld\.so\.preload"),
    ("database file read or write from SQL", r"\binto\s+(?:out|dump)file\b|\bload_file\s*\(|"
                                              r"\bcopy\b.*\b(?:from|to)\s+program\b"),
    ("grants full database privileges", r"\bgrant\s+all\b|\bcreate\s+user\b|\balter\s+user\b.*\bsuperuser\b"),
]]


def command_flags(text: str | None) -> list[str]:
    """Reasons an attacker's command is suspected in ``text`` (empty if none)."""
    if not text:
        return []
    return [reason for reason, rx in COMMAND_RULES if rx.search(text)]


def flags_json(flags: Iterable[str]) -> str:
    """The `flags` column: a JSON list of reasons, each once, order kept."""
    return json.dumps(list(dict.fromkeys(flags)))


@dataclass(frozen=True)
class Account:
    name: str
    uid: int | None
    gid: int | None
    home: str
    shell: str


NOLOGIN = ("nologin", "false", "true", "sync", "shutdown", "halt")


def has_login_shell(shell: str) -> bool:
    return bool(shell) and shell.rsplit("/", 1)[-1] not in NOLOGIN


def accounts(evidence: Evidence) -> list[Account]:
    """Accounts in the image's /etc/passwd, leniently (bad lines skipped:
    the accounts collector reports them)."""
    out: list[Account] = []
    try:
        for _, line in evidence.lines("/etc/passwd"):
            f = line.split(":")
            if len(f) < 7 or not f[0] or f[0][0] in "#+-":
                continue
            out.append(Account(f[0], _int(f[2]), _int(f[3]), f[5], f[6]))
    except EvidenceError:
        pass
    return out


def _int(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and len(text) < 12 else None


def uid_min(evidence: Evidence) -> int:
    """First uid of a person's account (login.defs UID_MIN, 1000 by default)."""
    try:
        for _, line in evidence.lines("/etc/login.defs"):
            f = line.split()
            if len(f) >= 2 and f[0] == "UID_MIN" and f[1].isdigit():
                return int(f[1])
    except EvidenceError:
        pass
    return 1000


def homes(evidence: Evidence) -> list[tuple[str, str]]:
    """(user, home) for every passwd account, plus /home/* and /root folders
    no account names (a deleted user's home still holds keys and history)."""
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for acct in accounts(evidence):
        home = acct.home.rstrip("/") or "/"
        if acct.home and (acct.name, home) not in seen and home not in ("/", "/nonexistent"):
            seen.add(home)
            out.append((acct.name, home))
    for extra in ["/root", *evidence.glob("/home/*")]:
        if extra not in seen and evidence.is_dir(extra):
            seen.add(extra)
            out.append((extra.rsplit("/", 1)[-1], extra))
    return out


def read_lines(evidence: Evidence, path: str, **kw: object) -> Iterator[tuple[int, str] | Error]:
    """Numbered lines of a file, or one Error if it cannot be read."""
    try:
        yield from evidence.lines(path, **kw)
    except EvidenceError as exc:
        yield Error.of(exc)


def config_lines(evidence: Evidence, path: str, inline_comments: bool = False,
                 **kw: object) -> Iterator[tuple[int, str] | Error]:
    """(number, stripped text) of the lines that say something: blank lines and
    '#' comments skipped (with ``inline_comments``, a '#' anywhere ends the line);
    or one Error if the file cannot be read."""
    for item in read_lines(evidence, path, **kw):
        if isinstance(item, Error):
            yield item
            return
        number, line = item
        text = (line.split("#", 1)[0] if inline_comments else line).strip()
        if text and not text.startswith("#"):
            yield number, text


# -- package ownership (dpkg, rpm) -------------------------------------------
_MERGED = ("/bin/", "/sbin/", "/lib/", "/lib32/", "/lib64/", "/libx32/")


def path_aliases(path: str) -> tuple[str, ...]:
    """The same file under merged /usr: /bin/ls and /usr/bin/ls."""
    if path.startswith(_MERGED):
        return (path, "/usr" + path)
    if path.startswith("/usr/") and path[4:].startswith(_MERGED):
        return (path, path[4:])
    return (path,)


class Packages:
    """Who owns what, from the image's package databases (never the analyst's): dpkg's
    /var/lib/dpkg, and rpm's rpmdb.sqlite or Berkeley DB Packages (triage.rpmdb)."""

    def __init__(self, evidence: Evidence) -> None:
        self.owner: dict[str, str] = {}
        self.md5: dict[str, str] = {}
        self.digest: dict[str, tuple[str, str]] = {}  # rpm's other file digests: path -> (algorithm, hex)
        self.readable = False
        self.errors: list[Error] = []
        self.conffiles: dict[str, str] = {}
        self._dpkg(evidence)
        self.dpkg_owner = self.owner  # what dpkg's .list files name, for dpkg --verify's missing files
        if rpmdb.databases(evidence):
            self.owner = dict(self.owner)
            self._rpm(evidence)

    def _dpkg(self, evidence: Evidence) -> None:
        info = "/var/lib/dpkg/info"
        if not evidence.is_dir(info):
            return
        try:
            names = evidence.listdir(info)
        except EvidenceError as exc:
            self.errors.append(Error.of(exc))
            return
        self.readable = True
        for name in names:
            if name.endswith(".list"):
                pkg = name[:-5].split(":", 1)[0]
                for item in read_lines(evidence, f"{info}/{name}"):
                    if isinstance(item, Error):
                        self.errors.append(item)
                    elif item[1].startswith("/"):
                        self.owner.setdefault(item[1], pkg)
            elif name.endswith(".md5sums"):
                for item in read_lines(evidence, f"{info}/{name}"):
                    if isinstance(item, Error):
                        self.errors.append(item)
                        continue
                    digest, _, rel = item[1].partition("  ")
                    if len(digest) == 32 and rel:
                        self.md5["/" + rel.lstrip("/")] = digest
        self.conffiles = conffiles(evidence)
        for path, digest in self.conffiles.items():
            self.md5.setdefault(path, digest)

    def _rpm(self, evidence: Evidence) -> None:
        # Unreadable databases and headers are skipped here: the packages collector reports them.
        for path, kind in rpmdb.databases(evidence):
            for item in rpmdb.headers(evidence, path, kind):
                if isinstance(item, Error):
                    continue
                try:
                    pkg = rpmdb.parse_package(item[1])
                except (ValueError, struct.error):
                    continue
                self.readable = True
                for f in pkg.files:
                    if f.state in (rpmdb.STATE_NOTINSTALLED, rpmdb.STATE_NETSHARED):
                        continue
                    self.owner.setdefault(f.path, pkg.name)
                    if (not f.digest or not stat.S_ISREG(f.mode) or f.flags & rpmdb.RPMFILE_GHOST
                            or not f.verify & rpmdb.VERIFY_DIGEST):
                        continue
                    if pkg.digest_algo == "md5":
                        self.md5.setdefault(f.path, f.digest)
                    else:
                        self.digest.setdefault(f.path, (pkg.digest_algo, f.digest))

    def owner_of(self, path: str) -> str | None:
        for alias in path_aliases(path):
            if alias in self.owner:
                return self.owner[alias]
        return None

    def md5_of(self, path: str) -> str | None:
        for alias in path_aliases(path):
            if alias in self.md5:
                return self.md5[alias]
        return None

    def digest_of(self, path: str) -> tuple[str, str] | None:
        """(algorithm, hex) the package recorded: md5 for dpkg, md5 or sha256 (or another) for rpm."""
        for alias in path_aliases(path):
            if alias in self.md5:
                return "md5", self.md5[alias]
            if alias in self.digest:
                return self.digest[alias]
        return None


def conffiles(evidence: Evidence) -> dict[str, str]:
    """Conffile path -> md5 from the Conffiles fields of dpkg's status file."""
    out: dict[str, str] = {}
    inside = False
    try:
        for _, line in evidence.lines("/var/lib/dpkg/status"):
            if line.startswith("Conffiles:"):
                inside = True
            elif inside and line.startswith(" /"):
                f = line.split()
                if len(f) >= 2 and len(f[1]) == 32:
                    out.setdefault(f[0], f[1])
            else:
                inside = False
    except EvidenceError:
        pass
    return out


@lru_cache(maxsize=4)
def packages(evidence: Evidence) -> Packages:
    """The image's package ownership, read once per Evidence."""
    return Packages(evidence)


def file_md5(evidence: Evidence, path: str, limit: int = 64 << 20) -> str | None:
    return file_digest(evidence, path, "md5", limit)


def file_digest(evidence: Evidence, path: str, algorithm: str, limit: int = 64 << 20) -> str | None:
    """Hex digest of an image file (None when unreadable, too large or the algorithm unknown)."""
    import hashlib

    if algorithm not in hashlib.algorithms_guaranteed:
        return None
    try:
        with evidence.open(path) as fh:
            h = hashlib.new(algorithm)
            while chunk := fh.read(1 << 20):
                h.update(chunk)
                limit -= len(chunk)
                if limit < 0:
                    return None
            return h.hexdigest()
    except (EvidenceError, OSError):
        return None


def vendor_state(evidence: Evidence, path: str) -> tuple[str | None, bool | None]:
    """(package, changed) for an image file: changed is None when no md5 is known."""
    pk = packages(evidence)
    owner = pk.owner_of(path)
    if owner is None:
        return None, None
    recorded = pk.digest_of(path)
    if recorded is None:
        return owner, None
    got = file_digest(evidence, path, recorded[0])
    return owner, (got != recorded[1]) if got else None


# -- systemd unit files -----------------------------------------------------
UNIT_DIRS = ("/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system",
             "/lib/systemd/system", "/usr/lib/systemd/system")
USER_UNIT_DIRS = ("/etc/systemd/user", "/usr/local/lib/systemd/user", "/usr/lib/systemd/user",
                  "/lib/systemd/user")


def unit_sections(evidence: Evidence, path: str) -> tuple[dict[str, list[tuple[str, str]]], list[Error]]:
    """A unit file as {section: [(key, value)]}, continuations joined; lines
    that are not UTF-8 or not key=value give Errors (and are kept, escaped)."""
    sections: dict[str, list[tuple[str, str]]] = {}
    errors: list[Error] = []
    current, buf, start = "", "", 0
    try:
        for number, raw_line in evidence.raw_lines(path, max_line=64 * 1024):
            try:
                line = raw_line.decode("utf-8")
            except UnicodeDecodeError:
                line = raw_line.decode("utf-8", "backslashreplace")
                errors.append(Error(path, "line is not UTF-8 (systemd ignores such lines)", number))
            if not buf:
                start = number
            line = buf + line
            if line.endswith("\\"):
                buf = line[:-1] + " "
                continue
            buf = ""
            text = line.strip()
            if not text or text[0] in "#;":
                continue
            if text.startswith("[") and text.endswith("]"):
                current = text[1:-1]
                sections.setdefault(current, [])
                continue
            key, eq, value = text.partition("=")
            if not eq:
                errors.append(Error(path, f"not a unit file line: {text[:120]!r}", start))
                continue
            sections.setdefault(current, []).append((key.strip(), value.strip()))
    except EvidenceError as exc:
        errors.append(Error.of(exc))
    return sections, errors
