"""Helpers the scenario generators share: binary login records and SSH public keys.

Kept here (not in triage) because only the sample builders need to *write* these.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import struct
from datetime import datetime
from pathlib import Path

# struct utmp on x86_64 glibc: 384 bytes.
UTMP = struct.Struct("<hhi32s4s32s256shhiii4i20s")
USER_PROCESS, DEAD_PROCESS, BOOT_TIME = 7, 8, 2


def _ts(text: str) -> int:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def utmp_record(kind: int, time: str, user: str = "", line: str = "", host: str = "", pid: int = 0) -> bytes:
    addr = [0, 0, 0, 0]
    try:
        ip = ipaddress.ip_address(host)
        if ip.version == 4:
            addr[0] = struct.unpack("<i", ip.packed)[0]
    except ValueError:
        pass
    return UTMP.pack(
        kind,
        0,
        pid,
        line.encode(),
        line[-4:].encode(),
        user.encode(),
        host.encode(),
        0,
        0,
        0,
        _ts(time),
        0,
        *addr,
        b"",
    )


def write_wtmp(path: Path, records: list[bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(records))


def ed25519_key(seed: str, comment: str) -> tuple[str, str]:
    """An authorized_keys line for a made-up ed25519 key, and its SHA256 fingerprint as ssh-keygen -l prints it."""
    raw = hashlib.sha256(seed.encode()).digest()
    blob = struct.pack(">I", 11) + b"ssh-ed25519" + struct.pack(">I", 32) + raw
    fp = "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
    return f"ssh-ed25519 {base64.b64encode(blob).decode()} {comment}", fp
