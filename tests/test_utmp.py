"""Login records against util-linux's utmpdump, and a round trip through `utmpdump -r`."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.conftest import SHARED_DATA
from triage import utmp

UTMPDUMP = shutil.which("utmpdump")
needs_utmpdump = pytest.mark.skipif(UTMPDUMP is None, reason="utmpdump (util-linux) not installed")
FILES = sorted((SHARED_DATA / "login-records").glob("*"))


@needs_utmpdump
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_record_counts_match_utmpdump(path):
    dump = subprocess.run([UTMPDUMP, str(path)], capture_output=True, text=True, check=True).stdout
    layout, records, rest = utmp.records(path.read_bytes())
    assert len(records) == len(dump.splitlines())
    assert rest == len(path.read_bytes()) - len(records) * layout.size


def test_layouts_guessed_per_file():
    d = SHARED_DATA / "login-records"
    assert utmp.records((d / "utmp_aarch64").read_bytes())[0].size == 400
    assert utmp.records((d / "utmp_s390").read_bytes())[0].struct.format.startswith(">")
    layout, records, rest = utmp.records((d / "wtmp.1").read_bytes())
    assert (
        layout.size == 384 and rest == 1 and records[0].user == "userA" and records[0].addr == "10.10.122.1"
    )
    assert records[0].time == "2011-12-01T17:36:38.432935Z"


DUMP = """\
[2] [00000] [~~  ] [reboot  ] [~           ] [6.1.0-18-amd64      ] [0.0.0.0        ] [2024-02-01T07:00:00,000000+00:00]
[7] [09101] [ts/0] [alice   ] [pts/0       ] [203.0.113.66        ] [203.0.113.66   ] [2024-03-02T03:20:05,123456+00:00]
[6] [09000] [    ] [root    ] [ssh:notty   ] [198.51.100.7        ] [2001:db8::7    ] [2024-03-02T03:00:00,000000+00:00]
[8] [09101] [ts/0] [        ] [pts/0       ] [                    ] [0.0.0.0        ] [2024-03-02T03:40:05,000000+00:00]
"""


@needs_utmpdump
def test_round_trip_through_utmpdump_reverse(tmp_path):
    binary = tmp_path / "wtmp"
    with open(binary, "wb") as out:
        subprocess.run([UTMPDUMP, "-r"], input=DUMP.encode(), stdout=out, check=True)
    layout, records, rest = utmp.records(binary.read_bytes())
    assert (layout.size, rest) == (384, 0)
    want = [re.findall(r"\[([^\]]*)\]", line) for line in DUMP.splitlines()]
    got = [
        [
            str(r.type),
            f"{r.pid:05d}",
            r.id,
            r.user,
            r.line,
            r.host,
            r.addr,
            r.time.replace(".", ",").replace("Z", "") if "." in r.time else r.time.replace("Z", ",000000"),
        ]
        for r in records
    ]
    assert got == [
        [w[0], w[1], w[2], w[3].strip(), w[4].strip(), w[5].strip(), w[6].strip(), w[7].replace("+00:00", "")]
        for w in want
    ]
