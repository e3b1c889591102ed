"""Syslog headers, auth events and the year of year-less lines."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

from tests.conftest import SHARED_DATA
from triage import syslog


def _events(path):
    c: Counter[str] = Counter()
    headers = 0
    for line in path.read_text(errors="replace").splitlines():
        h = syslog.parse_header(line)
        if h is None:
            continue
        headers += 1
        e = syslog.classify(h.program, h.message)
        c[e.event if e else None] += 1
    return headers, c


def test_openssh_brute_force_log():
    path = SHARED_DATA / "sshd" / "OpenSSH_2k.log"
    text = path.read_text()
    headers, c = _events(path)
    assert headers == 2000
    assert (
        c["ssh_failed"] == text.count("]: Failed ") + text.count("message repeated") - 2
        or c["ssh_failed"] >= 520
    )
    assert c["ssh_invalid_user"] == sum(1 for x in text.splitlines() if "]: Invalid user " in x)
    assert c["ssh_accepted"] == text.count("Accepted password")


def test_linux_messages_su_and_pam():
    headers, c = _events(SHARED_DATA / "syslog" / "Linux_2k.log")
    assert headers == 2000
    assert c["session_opened"] > 100 and c["auth_failure"] > 500


def test_accepted_publickey_and_ipv6():
    e = syslog.classify(
        "sshd", "Accepted password for plaso from 2001:0db8:0a0b:12f0:0000:0000:0000:0001 port 42532  ssh2"
    )
    assert (e.event, e.user, e.client_ip, e.port, e.method) == (
        "ssh_accepted",
        "plaso",
        "2001:0db8:0a0b:12f0:0000:0000:0000:0001",
        42532,
        "password",
    )
    e = syslog.classify("sudo", "   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash")
    assert e.event == "sudo_command" and e.user == "alice" and "COMMAND=/bin/bash" in e.detail
    e = syslog.classify(
        "sshd", "message repeated 2 times: [ Failed password for root from 1.2.3.4 port 22 ssh2]"
    )
    assert e.event == "ssh_failed" and e.detail.startswith("repeated 2 times")


def test_year_rolls_back_across_new_year():
    months = [12, 12, None, 1, 1]
    assert syslog.year_offsets(months) == [-1, -1, 0, 0, 0]
    anchor = datetime(2024, 1, 3, 12, 0)
    assert syslog.last_year(1, 2, anchor) == 2024
    assert syslog.last_year(12, 31, anchor) == 2023  # last line after the file's mtime: the year before
    clock = syslog.SyslogClock(timezone.utc, 2024)
    assert clock.iso("Dec 31 23:59:59", -1) == "2023-12-31T23:59:59Z"
    assert clock.iso("Jan  1 00:00:01", 0) == "2024-01-01T00:00:01Z"


def test_zone_from_image_applies():
    from zoneinfo import ZoneInfo

    clock = syslog.SyslogClock(ZoneInfo("America/New_York"), 2024)
    assert clock.iso("Mar  2 03:14:07", 0) == "2024-03-02T08:14:07Z"
    assert syslog.iso_stamp("2020-05-31T00:00:45.698463+02:00", timezone.utc) == "2020-05-30T22:00:45.698463Z"


def test_debian12_iso_stamps():
    h = syslog.parse_header("2024-03-02T03:14:07.123456+01:00 web01 sshd[9100]: Accepted publickey for alice "
                            "from 203.0.113.66 port 50122 ssh2: ED25519 SHA256:abc")
    assert (h.host, h.program, h.pid, h.month) == ("web01", "sshd", 9100, None)
    assert syslog.SyslogClock(timezone.utc, 1999).iso(h.time_text, 0) == "2024-03-02T02:14:07.123456Z"
    e = syslog.classify(h.program, h.message)
    assert (e.event, e.method, e.user) == ("ssh_accepted", "publickey", "alice")
