"""Facts about the image that several collectors need, read through the door.

The time zone matters to every parser of syslog-style logs: their lines carry
local time without a zone, and the zone is the *image's*, never the analyst's.
glibc reads /etc/localtime (a symlink into zoneinfo or a copied TZif file);
Debian also keeps the name in /etc/timezone. ``timezone()`` gives the best
name, ``tzinfo()`` a ready ``tzinfo`` built from the image's own TZif bytes
(so the rules in force on the box apply, whatever the analyst's tzdata says).
"""

from __future__ import annotations

import contextlib
import io
import re
import zoneinfo
from datetime import tzinfo as TzInfo  # noqa: N812 - the stdlib class, named as a type

from triage.evidence import Evidence, EvidenceError

_ZONEINFO_DIRS = ("/usr/share/zoneinfo/", "/usr/lib/zoneinfo/", "/usr/share/lib/zoneinfo/")
_NAME = re.compile(r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$")
TZIF_MAX = 1 << 20


def _zone_from_target(target: str) -> str | None:
    """'Europe/Berlin' from a link target such as ../usr/share/zoneinfo/Europe/Berlin."""
    for marker in ("zoneinfo/posix/", "zoneinfo/right/", "zoneinfo/"):
        if marker in target:
            name = target.split(marker, 1)[1].strip("/")
            return name if _NAME.match(name) else None
    return None


def _etc_timezone(evidence: Evidence) -> str | None:
    try:
        text = evidence.read_text("/etc/timezone", 4096)
    except EvidenceError:
        return None
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return line if _NAME.match(line) else None
    return None


def tzif_footer(data: bytes) -> str | None:
    """The POSIX TZ string at the end of a TZif v2+ file ('CET-1CEST,M3.5.0,M10.5.0/3')."""
    if not data.startswith(b"TZif") or data[4:5] not in (b"2", b"3", b"4"):
        return None
    tail = data.rstrip(b"\n").rsplit(b"\n", 1)
    if len(tail) != 2:
        return None
    footer = tail[1].decode("ascii", "replace")
    return footer or None


def localtime_info(evidence: Evidence) -> dict[str, str | None]:
    """What the image says of its zone: each source apart (for system_facts)."""
    info: dict[str, str | None] = {"etc_timezone": _etc_timezone(evidence), "localtime_link": None,
                                   "localtime_zone": None, "localtime_tz": None}
    try:
        st = evidence.lstat("/etc/localtime")
    except EvidenceError:
        return info
    if st.kind == "symlink":
        try:
            target = evidence.readlink("/etc/localtime")
        except EvidenceError:
            target = None
        info["localtime_link"] = target
        info["localtime_zone"] = _zone_from_target(target or "")
    try:
        data = evidence.read_bytes("/etc/localtime", TZIF_MAX)
    except EvidenceError:
        return info
    info["localtime_tz"] = tzif_footer(data)
    return info


def timezone(evidence: Evidence) -> str | None:
    """The image's zone name ('Europe/Berlin'), or a POSIX TZ string when only a
    copied TZif file without a name is there; None when the image says nothing.

    /etc/localtime wins over /etc/timezone: it is what the programs that wrote
    the logs read. A copied TZif file is named by /etc/timezone when their
    rules agree, else by its own POSIX footer."""
    info = localtime_info(evidence)
    if info["localtime_zone"]:
        return info["localtime_zone"]
    name = info["etc_timezone"]
    if info["localtime_tz"] is None:
        return name
    if name:
        own = _zone_bytes(evidence, name)
        if own is None or tzif_footer(own) == info["localtime_tz"]:
            return name
    return info["localtime_tz"]


def _zone_bytes(evidence: Evidence, name: str) -> bytes | None:
    if not _NAME.match(name):
        return None
    for base in _ZONEINFO_DIRS:
        try:
            return evidence.read_bytes(base + name, TZIF_MAX)
        except EvidenceError:
            continue
    return None


def tzinfo(evidence: Evidence) -> TzInfo | None:
    """A tzinfo for the image's local time, from the image's own TZif data
    (/etc/localtime, else the zoneinfo file /etc/timezone names), falling back
    to the analyst's tzdata for the name only when the image has none."""
    candidates: list[bytes] = []
    with contextlib.suppress(EvidenceError):
        candidates.append(evidence.read_bytes("/etc/localtime", TZIF_MAX))
    name = timezone(evidence)
    if name and _NAME.match(name):
        data = _zone_bytes(evidence, name)
        if data:
            candidates.append(data)
    for data in candidates:
        if data.startswith(b"TZif"):
            try:
                return zoneinfo.ZoneInfo.from_file(io.BytesIO(data), key=name)
            except (ValueError, OSError):
                continue
    if name and _NAME.match(name):
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None
    return None
