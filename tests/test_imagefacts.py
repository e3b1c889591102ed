"""The image's time zone, from the image's files only."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

from triage import imagefacts
from triage.evidence import Evidence

BERLIN = Path("/usr/share/zoneinfo/Europe/Berlin")


def test_timezone_from_localtime_link_wins_over_etc_timezone(tree):
    root = tree({"/etc/timezone": "Etc/UTC\n", "/usr/share/zoneinfo/Europe/Berlin": BERLIN.read_bytes()})
    os.symlink("/usr/share/zoneinfo/Europe/Berlin", root / "etc/localtime")
    ev = Evidence(root)
    assert imagefacts.timezone(ev) == "Europe/Berlin"
    tz = imagefacts.tzinfo(ev)
    assert datetime(2024, 7, 1, 12, tzinfo=tz).utcoffset().total_seconds() == 7200
    assert datetime(2024, 1, 1, 12, tzinfo=tz).astimezone(timezone.utc).hour == 11


def test_timezone_from_etc_timezone_only(tree):
    ev = Evidence(tree({"/etc/timezone": "# set by installer\nAmerica/New_York\n"}))
    assert imagefacts.timezone(ev) == "America/New_York"


def test_copied_tzif_without_name_gives_posix_string_and_working_tzinfo(tree):
    ev = Evidence(tree({"/etc/localtime": BERLIN.read_bytes()}))
    assert imagefacts.timezone(ev) == "CET-1CEST,M3.5.0,M10.5.0/3"
    assert datetime(2024, 7, 1, tzinfo=imagefacts.tzinfo(ev)).utcoffset().total_seconds() == 7200


def test_no_zone_and_hostile_name(tree):
    assert imagefacts.timezone(Evidence(tree({}))) is None
    ev = Evidence(tree({"/etc/timezone": "../../../etc/passwd\n"}))
    assert imagefacts.timezone(ev) is None
    assert imagefacts.tzinfo(ev) is None
