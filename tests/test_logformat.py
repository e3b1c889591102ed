"""Access-log formats on real logs: every line parsed or given a reason."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import SHARED_DATA
from triage.logformat import AccessParser, apache_format, nginx_format, why_unparsed
from triage.text import decode

HONEYNET = sorted((SHARED_DATA / "apache").glob("honeynet-access_log*"))


def _lines(path):
    return [decode(x) for x in path.read_bytes().split(b"\n") if x]


@pytest.mark.skipif(not HONEYNET, reason="../shared/data not present")
def test_every_honeynet_line_is_parsed_or_has_a_reason():
    total = parsed = 0
    reasons: Counter[str] = Counter()
    for path in HONEYNET:
        parser = AccessParser()
        for text in _lines(path):
            total += 1
            row = parser.parse(text)
            if row is None:
                reasons[why_unparsed(text)] += 1
            else:
                parsed += 1
                assert row[1] is not None and row[1].startswith("2004-")  # UTC time from the -0400 stamp
    print(
        f"\nhoneynet access logs: {parsed}/{total} lines parsed ({100 * parsed / total:.2f}%), "
        f"unparsed by reason: {dict(reasons)}"
    )
    assert total == 3307
    assert parsed + sum(reasons.values()) == total
    assert parsed == total


def test_honeynet_fields_in_utc_with_original_text():
    row = AccessParser().parse(
        '193.254.154.134 - - [10/Oct/2004:04:20:13 -0400] "GET /M83A HTTP/1.0" 404 276 "-" "-"'
    )
    assert row == (
        None,
        "2004-10-10T08:20:13Z",
        "10/Oct/2004:04:20:13 -0400",
        "193.254.154.134",
        "-",
        "-",
        "GET",
        "/M83A",
        "/M83A",
        None,
        "HTTP/1.0",
        404,
        276,
        "-",
        "-",
    )


def test_plaso_mixed_formats_and_odd_lines():
    parser = AccessParser()
    lines = _lines(SHARED_DATA / "apache" / "plaso-apache_access.log")
    rows = [parser.parse(t) for t in lines]
    assert sum(r is not None for r in rows) == 14
    vhost = [r for r in rows if r and r[0]]
    assert vhost[0][0] == "plaso.log2timeline.net" and vhost[0][3] == "10.1.1.2"
    script = next(r for r in rows if r and "<script>" in (r[7] or ""))  # unescaped quotes inside the request
    assert script[6] == "GET" and script[11] == 404
    user = rows[-1]
    assert user[5] == "pyllyukko@EXAMPLE.COM" and user[1] == "2019-11-16T07:46:42Z"
    cut = next(t for t, r in zip(lines, rows) if r is None)
    assert "Googlebot" in cut  # the one line cut short inside its user agent


def test_custom_apache_format_from_config():
    fmts = apache_format("config", '%a %{Host}i %l %u [%{%d/%b/%Y:%H:%M:%S %z}t] "%m %U%q %H" %>s %B %D')
    parser = AccessParser(fmts)
    row = parser.parse(
        '10.0.0.9 shop.example.com - bob [01/Mar/2024:10:00:00 +0100] "POST /cart.php?id=1 HTTP/2" '
        "200 512 1234"
    )
    assert row[0] == "shop.example.com" and row[1] == "2024-03-01T09:00:00Z" and row[6] == "POST"
    assert row[7] == "/cart.php?id=1" and row[8] == "/cart.php" and row[9] == "id=1" and row[12] == 512


def test_nginx_custom_log_format():
    fmt = (
        '$remote_addr - $remote_user [$time_iso8601] "$request" $status $body_bytes_sent "$http_referer" '
        '"$http_user_agent" "$http_x_forwarded_for" $request_time'
    )
    parser = AccessParser(nginx_format("main", fmt))
    row = parser.parse(
        '192.0.2.1 - - [2024-03-02T03:14:07+00:00] "GET /x.php?c=\\x22id\\x22 HTTP/1.1" 200 12 "-" '
        '"curl/8" "-" 0.004'
    )
    assert row[1] == "2024-03-02T03:14:07Z" and row[9] == "c=\\x22id\\x22" and row[14] == "curl/8"


def test_hostile_fields_kept_verbatim():
    parser = AccessParser()
    ua = "<script>alert(1)</script>\x1b]0;pwned\x07\x1b[2J"
    line = (
        f'1.2.3.4 - - [02/Mar/2024:03:14:07 +0000] "GET /\x00a HTTP/1.1" 200 1 "-" "{ua}"'.encode()
        + b"\xff\xfe"
    )
    row = parser.parse(decode(line))
    assert row is None or row[14].startswith(ua)
    row = parser.parse(decode(line[:-2]))
    assert row[14] == ua and row[7] == "/\x00a"
    assert why_unparsed("\x00\x00junk") == "NUL bytes in line"
