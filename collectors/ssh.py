"""ssh: authorized keys, known hosts, private keys and ~/.ssh/rc of every home,
and the sshd_config settings that decide who gets in.

A planted key is the intruder's quietest way back, and it survives a password
reset. Keys are read from the AuthorizedKeysFile paths the image's own
sshd_config names, for every home in the image's passwd (service accounts
such as www-data included). Fingerprints are the SHA256 form `ssh-keygen -lf`
prints. known_hosts and private keys show where the box could reach next.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from triage.evidence import Evidence, EvidenceError
from triage.runner import Context, Error
from triage.sysparse import accounts, config_lines, flags_json, homes, read_lines, uid_min
from triage.text import display
from triage.times import iso_ns

TABLES = ("ssh_keys", "sshd_config")
ORDER = 12

DEFAULT_KEYS_FILES = [".ssh/authorized_keys", ".ssh/authorized_keys2"]
KEY_TYPES = {
    "ssh-rsa": "RSA", "ssh-dss": "DSA", "ssh-ed25519": "ED25519", "ssh-ed448": "ED448",
    "ecdsa-sha2-nistp256": "ECDSA", "ecdsa-sha2-nistp384": "ECDSA", "ecdsa-sha2-nistp521": "ECDSA",
    "sk-ecdsa-sha2-nistp256@openssh.com": "ECDSA-SK", "sk-ssh-ed25519@openssh.com": "ED25519-SK",
}
_CERT = re.compile(r"^(.*)-cert-v0[01]@openssh\.com$")
MAX_KEYFILE = 4 << 20
IMPORTANT = {"permitrootlogin", "passwordauthentication", "permitemptypasswords", "authorizedkeysfile",
             "authorizedkeyscommand", "authorizedkeyscommanduser", "pubkeyauthentication", "port",
             "listenaddress", "permituserenvironment", "allowusers", "allowgroups", "denyusers", "denygroups",
             "forcecommand", "trustedusercakeys", "authorizedprincipalsfile", "authorizedprincipalscommand",
             "gatewayports", "permittunnel", "allowtcpforwarding", "usepam", "kbdinteractiveauthentication",
             "challengeresponseauthentication", "hostbasedauthentication", "ignorerhosts", "subsystem",
             "match", "include", "loglevel", "syslogfacility", "setenv", "acceptenv"}


def collect(evidence: Evidence, ctx: Context) -> Iterator[Any]:
    keys_files = DEFAULT_KEYS_FILES
    custom: list[str] = []
    scoped: dict[str, str] = {}  # AuthorizedKeysFile inside a Match block: pattern -> the Match it applies to
    for item in _sshd_config(evidence, "/etc/ssh/sshd_config", "", set(), 0):
        if isinstance(item, tuple) and item[1]["keyword"].lower() == "authorizedkeysfile":
            if item[1]["match"]:
                for pattern in item[1]["value"].split():
                    if pattern != "none":
                        scoped.setdefault(pattern, item[1]["match"])
            elif not custom:
                custom = item[1]["value"].split()  # sshd keeps the first value it reads
        yield item
    if custom and custom != ["none"]:
        keys_files = [*custom]
    svc_below = uid_min(evidence)
    uids = {a.name: a.uid for a in accounts(evidence)}
    key_rows: list[dict[str, Any]] = []
    for user, home in homes(evidence):
        # a Match block's file is read for every user: which users a Match covers at login
        # (groups, addresses) the image cannot always tell, and a planted key there must not hide
        seen_paths: set[str] = set()
        for pattern in [*keys_files, *(p for p in scoped if p not in keys_files)]:
            path = _expand(pattern, user, home)
            if path is None or path in seen_paths or not evidence.is_file(path):
                continue
            seen_paths.add(path)
            for item in _authorized_keys(evidence, path, user):
                if isinstance(item, Error):
                    yield item
                    continue
                flags = item["flags"]
                uid = uids.get(user)
                if uid is not None and 0 < uid < svc_below:
                    flags.append(f"key for service account {user} (uid {uid}): such accounts log in by key "
                                 "only when someone put it there")
                if path.endswith("/authorized_keys2"):
                    flags.append("authorized_keys2: a legacy file admins forget to check")
                if pattern in scoped and pattern not in keys_files:
                    flags.append(f"read through AuthorizedKeysFile in 'Match {scoped[pattern]}' "
                                 f"({display(pattern)})")
                elif pattern not in DEFAULT_KEYS_FILES:
                    flags.append(f"AuthorizedKeysFile is non-standard ({display(pattern)})")
                key_rows.append(item)
        yield from _ssh_dir(evidence, user, home)
    users_of: dict[str, set[str]] = defaultdict(set)
    for row in key_rows:
        if row["fingerprint"]:
            users_of[row["fingerprint"]].add(row["user"])
    for row in key_rows:
        others = users_of.get(row["fingerprint"] or "", set()) - {row["user"]}
        if others:
            row["flags"].append(f"same key also authorized for {', '.join(sorted(others))}")
        row["flags"] = flags_json(row["flags"])
        yield "ssh_keys", row


def _expand(pattern: str, user: str, home: str) -> str | None:
    """An AuthorizedKeysFile pattern for one user (%h, %u, %%; relative = in home)."""
    out = pattern.replace("%%", "\0").replace("%h", home).replace("%u", user).replace("%U", "")
    out = out.replace("\0", "%")
    if "%" in out:
        return None
    return out if out.startswith("/") else f"{home.rstrip('/')}/{out}"


# -- key parsing ------------------------------------------------------------
def _string(blob: bytes, off: int) -> tuple[bytes, int]:
    if off + 4 > len(blob):
        raise ValueError("truncated")
    (n,) = struct.unpack_from(">I", blob, off)
    if off + 4 + n > len(blob):
        raise ValueError("truncated")
    return blob[off + 4: off + 4 + n], off + 4 + n


def _mpint_bits(data: bytes) -> int:
    return int.from_bytes(data, "big").bit_length()


def key_info(blob: bytes) -> tuple[str, int | None]:
    """(type as ssh-keygen names it, bits) from a public key blob."""
    name_b, off = _string(blob, 0)
    name = name_b.decode("ascii", "replace")
    cert = _CERT.match(name)
    base = cert.group(1) if cert else name
    if cert:
        _nonce, off = _string(blob, off)
    kind = KEY_TYPES.get(base, base.upper())
    bits: int | None = None
    if base == "ssh-rsa":
        _e, off = _string(blob, off)
        n, off = _string(blob, off)
        bits = _mpint_bits(n)
    elif base == "ssh-dss":
        p, off = _string(blob, off)
        bits = _mpint_bits(p)
    elif base.startswith(("ecdsa-sha2-nistp", "sk-ecdsa-sha2-nistp")):
        bits = int(re.sub(r"\D", "", base.split("nistp")[1].split("@")[0]) or 0) or None
    elif "ed25519" in base:
        bits = 256
    elif "ed448" in base:
        bits = 456
    return (f"{kind}-CERT" if cert else kind), bits


def fingerprint(blob: bytes) -> str:
    """SHA256:... exactly as ssh-keygen -l prints it (base64, no padding)."""
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def split_options(line: str) -> tuple[str, str]:
    """(options, rest) of an authorized_keys line; quotes may hold spaces."""
    in_quote = False
    for i, ch in enumerate(line):
        if ch == '"' and (i == 0 or line[i - 1] != "\\"):
            in_quote = not in_quote
        elif ch in " \t" and not in_quote:
            return line[:i], line[i:].strip()
    return line, ""


def parse_key_line(line: str) -> dict[str, Any] | None:
    """One authorized_keys/known_hosts-style line: options, type, blob, comment."""
    text = line.strip()
    options = ""
    first = text.split(None, 1)[0] if text else ""
    if first not in KEY_TYPES and not _CERT.match(first):
        options, text = split_options(text)
    parts = text.split(None, 2)
    if len(parts) < 2:
        return None
    try:
        blob = base64.b64decode(parts[1], validate=True)
        declared = blob[4: 4 + struct.unpack_from(">I", blob, 0)[0]].decode("ascii", "replace")
        key_type, bits = key_info(blob)
    except (binascii.Error, ValueError, struct.error):
        return None
    return {"options": options, "declared": parts[0], "inner": declared, "key_type": key_type, "bits": bits,
            "fingerprint": fingerprint(blob), "comment": parts[2] if len(parts) > 2 else ""}


_OPTION_FLAGS = [
    (re.compile(r'command="[^"]*(?:/tmp/|/dev/shm/|curl|wget|nc |bash -i|/dev/tcp)', re.I),
     "forced command runs something suspicious"),
    (re.compile(r'environment="LD_PRELOAD', re.I), "key sets LD_PRELOAD"),
]


def _mtime(evidence: Evidence, path: str) -> str | None:
    try:
        return iso_ns(evidence.stat(path).mtime_ns)
    except EvidenceError:
        return None


def _authorized_keys(evidence: Evidence, path: str, user: str) -> Iterator[dict[str, Any] | Error]:
    mtime = _mtime(evidence, path)
    for item in read_lines(evidence, path):
        if isinstance(item, Error):
            yield item
            return
        number, line = item
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key = parse_key_line(line)
        if key is None:
            yield Error(path, f"not an authorized_keys line: {display(line[:100])}", number)
            continue
        flags = [reason for rx, reason in _OPTION_FLAGS if rx.search(key["options"])]
        if key["declared"] != key["inner"]:
            flags.append(f"declared type {display(key['declared'])} but the key is {display(key['inner'])}")
        yield {"source": display(path), "line": number, "user": display(user), "kind": "authorized_key",
               "key_type": _typed(key), "fingerprint": key["fingerprint"], "comment": display(key["comment"]),
               "options": display(key["options"]) or None, "mtime": mtime, "flags": flags}


def _typed(key: dict[str, Any]) -> str:
    return f"{key['key_type']} {key['bits']}" if key["bits"] else key["key_type"]


def _ssh_dir(evidence: Evidence, user: str, home: str) -> Iterator[Any]:
    """~/.ssh/rc, known_hosts and private keys (and their public halves)."""
    sshdir = f"{home.rstrip('/')}/.ssh"
    if not evidence.is_dir(sshdir):
        return
    try:
        names = evidence.listdir(sshdir)
    except EvidenceError as exc:
        yield Error.of(exc)
        return
    for name in names:
        path = f"{sshdir}/{name}"
        if not evidence.is_file(path) or name.startswith("authorized_keys"):
            continue
        base = {"source": display(path), "user": display(user), "mtime": _mtime(evidence, path)}
        if name == "rc":
            try:
                text = evidence.read_text(path, 4096)
            except EvidenceError as exc:
                yield Error.of(exc)
                continue
            yield "ssh_keys", {**base, "line": None, "kind": "ssh_rc", "comment": display(text[:500]),
                               "flags": flags_json(["~/.ssh/rc runs at every SSH login of this user"])}
        elif name.startswith("known_hosts"):
            for item in read_lines(evidence, path):
                if isinstance(item, Error):
                    yield item
                    break
                number, line = item
                if not line.strip() or line.startswith("#"):
                    continue
                hosts, _, rest = line.strip().partition(" ")
                marker = ""
                if hosts.startswith("@"):
                    marker, (hosts, _, rest) = hosts, rest.partition(" ")
                key = parse_key_line(rest)
                if key is None:
                    yield Error(path, f"not a known_hosts line: {display(line[:100])}", number)
                    continue
                yield "ssh_keys", {**base, "line": number, "kind": "known_host", "key_type": _typed(key),
                                   "fingerprint": key["fingerprint"],
                                   "comment": display(hosts if not hosts.startswith("|1|") else "(hashed host)"),
                                   "options": display(marker) or None, "flags": "[]"}
        else:
            yield from _maybe_private(evidence, path, base)


def _maybe_private(evidence: Evidence, path: str, base: dict[str, Any]) -> Iterator[Any]:
    try:
        head = evidence.read_bytes(path, MAX_KEYFILE)
    except EvidenceError as exc:
        yield Error.of(exc)
        return
    if path.endswith(".pub"):
        key = parse_key_line(head.decode("utf-8", "replace").strip().split("\n")[0])
        if key:
            yield "ssh_keys", {**base, "line": 1, "kind": "public_key", "key_type": _typed(key),
                               "fingerprint": key["fingerprint"], "comment": display(key["comment"]), "flags": "[]"}
        return
    m = re.search(rb"-----BEGIN ((?:[A-Z0-9]+ )?PRIVATE KEY)-----", head[:4096])
    if not m:
        return
    row = {**base, "line": 1, "kind": "private_key", "key_type": m.group(1).decode(), "flags": "[]"}
    encrypted = b"ENCRYPTED" in head[:4096]
    if m.group(1) == b"OPENSSH PRIVATE KEY":
        body = re.sub(rb"-----[^-]+-----|\s", b"", head)
        try:
            blob = base64.b64decode(body)
            if blob.startswith(b"openssh-key-v1\0"):
                cipher, off = _string(blob, 15)
                _kdf, off = _string(blob, off)
                _kdfopts, off = _string(blob, off)
                off += 4
                pub, off = _string(blob, off)
                key_type, bits = key_info(pub)
                row.update(key_type=f"{key_type} {bits}" if bits else key_type, fingerprint=fingerprint(pub))
                encrypted = cipher != b"none"
        except (binascii.Error, ValueError, struct.error):
            pass
    row["options"] = "encrypted" if encrypted else "not encrypted"
    yield "ssh_keys", row


# -- sshd_config --------------------------------------------------------------
def _sshd_config(evidence: Evidence, path: str, match: str, seen: set[str], depth: int) -> Iterator[Any]:
    if path in seen or depth > 8 or not evidence.exists(path):
        return
    seen.add(path)
    for item in config_lines(evidence, path):
        if isinstance(item, Error):
            yield item
            return
        number, text = item
        parts = re.split(r"\s*=\s*|\s+", text, maxsplit=1)
        keyword, value = parts[0], parts[1] if len(parts) > 1 else ""
        low = keyword.lower()
        if low == "include":
            for pattern in value.split():
                full = pattern if pattern.startswith("/") else f"/etc/ssh/{pattern}"
                for inc in evidence.glob(full):
                    yield from _sshd_config(evidence, inc, match, seen, depth + 1)
            continue
        if low == "match":
            match = "" if value.strip().lower() == "all" else display(value)
        flags = _sshd_flags(low, value.strip().strip('"'), match)
        yield "sshd_config", {"source": display(path), "line": number, "keyword": display(keyword),
                              "value": display(value), "match": match or None, "flags": flags_json(flags)}


def _sshd_flags(keyword: str, value: str, match: str) -> list[str]:
    v = value.lower()
    flags = []
    if keyword == "permitrootlogin" and v == "yes":
        flags.append("root may log in with a password")
    if keyword == "permitemptypasswords" and v == "yes":
        flags.append("accounts with empty passwords may log in")
    if keyword == "authorizedkeysfile" and value.split() not in (DEFAULT_KEYS_FILES, DEFAULT_KEYS_FILES[:1],
                                                                 ["%h/.ssh/authorized_keys"]):
        flags.append("keys are read from a non-standard place")
    if keyword in ("authorizedkeyscommand", "authorizedprincipalscommand") and v != "none":
        flags.append("a program decides which keys may log in")
    if keyword == "permituserenvironment" and v not in ("no", ""):
        flags.append("users may set environment (LD_PRELOAD) at login")
    if keyword == "trustedusercakeys" and v != "none":
        flags.append("any certificate from this CA logs in")
    return flags
