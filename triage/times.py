"""Times as triage stores them: ISO-8601 UTC text that sorts as it reads.

File times keep nanoseconds ("2024-03-01T12:00:00.123456789Z"); SQLite's date
functions read that form (julianday, unixepoch), so SQL can do arithmetic on
it. Times parsed from logs keep their original text in a column beside.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone


def iso_ns(ns: int | None) -> str | None:
    """Nanoseconds since the epoch as ISO-8601 UTC with nine fraction digits."""
    if ns is None:
        return None
    secs, frac = divmod(ns, 1_000_000_000)
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(secs)) + f".{frac:09d}Z"
    except (OverflowError, OSError, ValueError):
        return None  # a time no calendar can show: an attacker's or a corrupt inode's


def iso(dt: datetime) -> str:
    """A datetime as ISO-8601 UTC ("...Z"), microseconds kept when present."""
    if dt.tzinfo is None:
        raise ValueError("naive datetime: say which zone it is in")
    dt = dt.astimezone(timezone.utc)
    text = dt.strftime("%Y-%m-%dT%H:%M:%S")
    if dt.microsecond:
        text += f".{dt.microsecond:06d}"
    return text + "Z"


def now() -> str:
    return iso(datetime.now(timezone.utc))
