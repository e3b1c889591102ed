"""Where the evidence root is mounted, and how, from /proc/self/mountinfo."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Mount:
    point: str
    source: str
    fstype: str
    options: str
    super_options: str

    @property
    def readonly(self) -> bool:
        return "ro" in self.options.split(",") or "ro" in self.super_options.split(",")


def _unescape(field: str) -> str:
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def mount_of(path: str, mountinfo: str = "/proc/self/mountinfo") -> Mount | None:
    """The mount that holds ``path`` (the longest mount point above it)."""
    real = os.path.realpath(path)
    best: Mount | None = None
    try:
        with open(mountinfo, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return None
    for line in lines:
        left, _, right = line.partition(" - ")
        f, r = left.split(), right.split()
        if len(f) < 6 or len(r) < 3:
            continue
        point = _unescape(f[4])
        inside = real == point or real.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= len(best.point)):
            best = Mount(point, _unescape(r[1]), r[0], f[5], r[2])
    return best
