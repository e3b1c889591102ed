"""Facts about the image that several collectors need to read its logs right.

Minimal version for the log collectors: the image's time zone. (The `sys`
branch owns this module; when it lands, its richer version replaces this one
and keeps `timezone(evidence)`.)
"""

from __future__ import annotations

import io
from datetime import timezone as _tz
from datetime import tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from triage.evidence import Evidence, EvidenceError

TZIF_LIMIT = 1 << 20


def timezone(evidence: Evidence) -> tuple[tzinfo, str]:
    """The image's zone and how we know it.

    The image's own /etc/localtime rules come first (a TZif file, or a link to
    one inside the image): the analyst's tzdata may differ. Then the name in
    /etc/timezone with our tzdata. Then UTC, said so in the second value.
    """
    try:
        data = evidence.read_bytes("/etc/localtime", limit=TZIF_LIMIT)
        if data.startswith(b"TZif"):
            name = None
            try:
                target = evidence.readlink("/etc/localtime")
                name = target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else target
            except EvidenceError:
                pass
            zone = ZoneInfo.from_file(io.BytesIO(data), key=name)
            return zone, f"/etc/localtime ({name or 'TZif'})"
    except (EvidenceError, ValueError):
        pass
    try:
        name = evidence.read_text("/etc/timezone", limit=256).strip()
        if name:
            return ZoneInfo(name), f"/etc/timezone ({name}, analyst's tzdata)"
    except (EvidenceError, ZoneInfoNotFoundError, ValueError):
        pass
    return _tz.utc, "unknown: UTC assumed (no /etc/localtime or /etc/timezone in the image)"
