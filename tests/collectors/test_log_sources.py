from __future__ import annotations

import gzip
import zlib

import pytest

from ._sample import build_and_collect


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_and_collect(tmp_path_factory.mktemp("logs"), ["vhosts", "log_sources"])[1]


def test_rotated_and_gzipped_access_logs_with_the_attack(db):
    sources = {r["path"]: r for r in db.query("SELECT * FROM log_sources")}
    for name in ("access.log", "access.log.1", "access.log.2.gz", "access.log.3.gz", "admin_access.log"):
        src = sources[f"/var/log/apache2/{name}"]
        assert src["lines"] == src["parsed"] and src["errors"] == 0
    assert sources["/var/log/apache2/access.log.2.gz"]["compressed"] == 1
    attacker = list(db.query("SELECT * FROM access_log WHERE client_ip = '203.0.113.66' ORDER BY time"))
    assert any("WPScan" in r["user_agent"] for r in attacker)  # the scanner
    exploit = next(r for r in attacker if r["path"].endswith("connector.minimal.php"))
    assert (exploit["method"], exploit["status"], exploit["time"]) == ("POST", 200, "2024-03-01T02:00:00Z")
    shell = [r for r in attacker if r["path"].endswith("/lib/files/x.php")]
    assert [r["query"] for r in shell][0] == "cmd=id" and len(shell) == 2
    lfi = next(r for r in attacker if r["source"].endswith("admin_access.log") and r["query"])
    assert lfi["vhost"] == "admin.example.com" and "etc/passwd" in lfi["query"]


def test_escapes_in_user_agent_kept_verbatim(db):
    ua = next(db.query("SELECT user_agent FROM access_log WHERE client_ip = '192.0.2.99'"))["user_agent"]
    assert ua == "<script>alert(1)</script>\x1b]0;pwned\x07\x1b[2J"


def test_auth_log_brute_force_then_success(db):
    rows = list(db.query("SELECT * FROM auth_events WHERE client_ip = '203.0.113.66' ORDER BY time, line"))
    failed = [r for r in rows if r["event"] == "ssh_failed"]
    ok = next(r for r in rows if r["event"] == "ssh_accepted")
    assert len(failed) == 9 and ok["user"] == "alice" and ok["time"] == "2024-03-02T03:20:00Z"
    assert all(f["time"] < ok["time"] for f in failed)
    added = next(db.query("SELECT * FROM auth_events WHERE event = 'user_added'"))
    assert added["user"] == "sysupd" and "UID=0" in added["detail"]
    old = next(db.query("SELECT * FROM auth_events WHERE source = '/var/log/auth.log.1' ORDER BY line"))
    assert old["time"] == "2024-02-29T06:25:01Z"  # leap day: the year came from the mtime


def _bomb(size_mb: int) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\0" * (1 << 20)
    return b"".join(comp.compress(chunk) for _ in range(size_mb)) + comp.flush()


def test_hostile_lines_survive(tree, run_collect):
    good = '1.2.3.4 - - [02/Mar/2024:03:14:07 +0000] "GET /ok HTTP/1.1" 200 1 "-" "ua"\n'
    content = (
        good.encode()
        + b"A" * (10 << 20)
        + b"\n"  # a 10 MB line
        + b'1.2.3.4 - - [02/Mar/2024:03:14:08 +0000] "GET /\x00nul HTTP/1.1" 200 1 "-" "\xff\xfe\x1b[31m"\n'
        + b"\x00\x00\x00 garbage\n"
        + b"B" * (10 << 20)
    )  # and one without a newline at the end
    root = tree(
        {
            "/var/log/apache2/access.log": content,
            "/var/log/apache2/access.log.2.gz": _bomb(150),
            "/var/log/apache2/access.log.3.gz": gzip.compress(good.encode() * 3),
        }
    )
    db = run_collect(root, only=["log_sources"])
    src = {r["path"]: r for r in db.query("SELECT * FROM log_sources")}
    live = src["/var/log/apache2/access.log"]
    assert (live["lines"], live["parsed"], live["errors"]) == (5, 2, 3)
    nul = next(db.query("SELECT * FROM access_log WHERE line = 3"))
    assert nul["path"] == "/\x00nul" and nul["user_agent"] == "\\xff\\xfe\x1b[31m"
    assert "stopped early" in src["/var/log/apache2/access.log.2.gz"]["detail"]
    assert src["/var/log/apache2/access.log.3.gz"]["parsed"] == 3
    errors = [r["what"] for r in db.query("SELECT what FROM errors")]
    assert any("a bomb?" in e for e in errors)
    assert sum("line longer than" in e for e in errors) == 2
    assert all(len(e) < 2000 for e in errors)  # sampled, not the whole 10 MB


def test_many_bad_lines_are_counted_and_sampled(tree, run_collect):
    root = tree({"/var/log/nginx/access.log": "junk line\n" * 500})
    db = run_collect(root, only=["log_sources"])
    src = next(db.query("SELECT * FROM log_sources"))
    assert (src["lines"], src["errors"]) == (500, 500)
    n = db.execute("SELECT count(*) FROM errors").fetchone()[0]
    assert n == 21  # 20 samples and one summary with the reasons


def test_year_inferred_across_rotations(tree, run_collect):
    import os

    root = tree(
        {
            "/var/log/auth.log": "Jan  2 10:00:00 h sshd[1]: Accepted password for bob from 10.0.0.1 port 22 ssh2\n",
            "/var/log/auth.log.1": "Dec 30 10:00:00 h sshd[1]: Failed password for bob from 10.0.0.1 port 22 ssh2\n"
            "Jan  1 10:00:00 h sshd[1]: Failed password for bob from 10.0.0.1 port 22 ssh2\n",
            "/etc/timezone": "Europe/Berlin\n",
        }
    )
    t = 1704222000  # 2024-01-02T19:00:00Z
    os.utime(root / "var/log/auth.log", (t, t))
    os.utime(root / "var/log/auth.log.1", (t, t))  # mtime lost in a copy: rotation order still holds
    db = run_collect(root, only=["log_sources"])
    times = [r["time"] for r in db.query("SELECT time FROM auth_events ORDER BY source DESC, line")]
    assert times == ["2023-12-30T09:00:00Z", "2024-01-01T09:00:00Z", "2024-01-02T09:00:00Z"]


def test_real_error_and_auth_logs(tree, run_collect):
    from tests.conftest import SHARED_DATA

    root = tree({
        "/var/log/httpd/error_log": (SHARED_DATA / "apache" / "error_log-loghub-2k").read_bytes(),
        "/var/log/secure": (SHARED_DATA / "sshd" / "OpenSSH_2k.log").read_bytes(),
        "/var/log/messages": (SHARED_DATA / "syslog" / "Linux_2k.log").read_bytes(),
    })
    db = run_collect(root, only=["log_sources"])
    src = {r["path"]: r for r in db.query("SELECT * FROM log_sources")}
    err = src["/var/log/httpd/error_log"]
    assert (err["lines"], err["parsed"], err["errors"]) == (2000, 2000, 0)
    first = next(db.query("SELECT * FROM error_log ORDER BY line LIMIT 1"))
    assert (first["level"], first["time_text"]) == ("notice", "Sun Dec 04 04:47:44 2005")
    sec = src["/var/log/secure"]
    assert (sec["lines"], sec["parsed"], sec["errors"]) == (2000, 2000, 0)
    assert db.execute("SELECT count(*) FROM auth_events WHERE source = '/var/log/secure'").fetchone()[0] == 2000
    accepted = next(db.query("SELECT * FROM auth_events WHERE event = 'ssh_accepted'"))
    assert (accepted["user"], accepted["client_ip"], accepted["program"]) == ("fztu", "119.137.62.142", "sshd")
    msgs = src["/var/log/messages"]
    assert (msgs["lines"], msgs["parsed"]) == (2000, 2000)
    # messages keeps what matters for access (su, sshd, ftpd, login ...), not the kernel or cups chatter
    kept = {r["program"].split("(")[0] for r in db.query("SELECT DISTINCT program FROM auth_events "
                                                          "WHERE source = '/var/log/messages'")}
    assert {"sshd", "su", "ftpd"} <= kept and not kept & {"kernel", "cups", "logrotate"}


def test_log_format_from_config_and_shared_logs(tree, run_collect):
    conf = (
        'LogFormat "%V %a %t \\"%r\\" %>s %b \\"%{User-Agent}i\\"" mine\n'
        "<VirtualHost *:80>\n ServerName a.test\n DocumentRoot /srv/a\n CustomLog /var/log/web/shared.log mine\n"
        "</VirtualHost>\n<VirtualHost *:80>\n ServerName b.test\n DocumentRoot /srv/b\n"
        " CustomLog /var/log/web/shared.log mine\n CustomLog /var/log/web/b.log combined\n</VirtualHost>\n"
    )
    line = 'b.test 10.0.0.1 [02/Mar/2024:03:14:07 +0000] "GET /x HTTP/1.1" 200 5 "curl/8"\n'
    combined = '10.0.0.2 - - [02/Mar/2024:03:14:08 +0000] "GET /y HTTP/1.1" 404 7 "-" "curl/8"\n'
    root = tree({
        "/etc/httpd/conf/httpd.conf": conf,
        "/var/log/web/shared.log": line,
        "/var/log/web/b.log": combined,
        "/var/log/web/b.log-20240301.gz": gzip.compress(combined.encode()),
        "/var/log/nginx/access.log": combined,
    })
    db = run_collect(root, only=["vhosts", "log_sources"])
    rows = {(r["source"], r["line"]): r for r in db.query("SELECT * FROM access_log")}
    shared = rows[("/var/log/web/shared.log", 1)]
    assert (shared["vhost"], shared["client_ip"], shared["user_agent"]) == ("b.test", "10.0.0.1", "curl/8")
    assert rows[("/var/log/web/b.log", 1)]["vhost"] == "b.test"  # only b.test writes b.log
    assert rows[("/var/log/web/b.log-20240301.gz", 1)]["status"] == 404  # dateext rotation found
    assert rows[("/var/log/nginx/access.log", 1)]["vhost"] is None  # found by place, not config


def test_journal_files_listed(tree, run_collect):
    root = tree({"/var/log/journal/0123abcd/system.journal": b"LPKSHHRH" + b"\0" * 100,
                 "/var/log/journal/0123abcd/user-1000@0005f1-0001.journal~": b"LPKSHHRH"})
    db = run_collect(root, only=["log_sources"])
    rows = list(db.query("SELECT path, kind, size FROM log_sources ORDER BY path"))
    assert [(r["kind"], r["size"]) for r in rows] == [("journal", 108), ("journal", 8)]


class _Outbox:
    def __init__(self) -> None:
        self.rows: list[tuple] = []
        self.errors: list[tuple] = []

    def put(self, msg: tuple) -> None:
        if msg[0] == "rows":
            self.rows += msg[3]
        elif msg[0] == "error":
            self.errors.append(msg)


_BAD_LINES = [
    b'1.2.3.4 - - [02/Mar/2024:03:14:07 +0000] "GET /a\xff\xfeb?q=\x90\x91&x=\xc3\xa9 HTTP/1.1" 200 1 "-" "ua"',
    b'1.2.3.4 - - [02/Mar/2024:03:14:07 +0000] "GET /caf\xc3\xa9\xff?\xff HTTP/1.1" 200 1 "r\xe9f" "\xe2\x82"',
    b'1.2.3.4 - - [02/Mar/2024:03:14:07 +0000] "GET /\\"\xff\\ HTTP/1.1" 200 1 "\\\xff" "a\\"\xff\\""',
    b'1.2.3.4 - - [02/Mar/2024:03:14:0\xff +0000] "GET / HTTP/1.1" 2\xff0 1\xb2 "-" "-"',
    b'h\xff.test:8\xff 1.2.3.4 - - [02/Mar/2024:03:14:07 +0000] "G\xffT /x HTTP/1.1" 200 1 "-" "-"',
    b'h\xff.test 1.2.3.4 - - [02/Mar/2024:03:14:07 +0000] "\xff\xfe\xfd" 400 - "-" "-"',
    b'1.2.3.4 - - [02/Mar/2024:03:14:07 +0000] "GET /x\xff HTTP/1.1\xff" 200 1 "-" "-" \xff 12',
    b"\xff\xfe junk \x90\x90",
    b'\xff - - [x] "a" 1 2',
]


@pytest.mark.parametrize(
    "formats",
    [
        [],
        [("apache", '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"')],
        [("apache", '%h x%l %u %t "%r" %>s %b')],  # a literal that occurs inside \xNN escapes
        [("apache", '%h %l%u %t "%r" %s%b')],  # fields with no literal between them
        [("nginx", '$host $remote_addr [$time_local] "$request" $status')],
    ],
)
def test_rows_of_lines_with_bad_bytes_equal_the_escaped_parse(tmp_path, formats):
    """The worker parses lines with undecodable bytes on surrogates and escapes only the
    fields; every row must be the one the whole escaped line gives."""
    from conftest import SHARED_DATA, make_tree
    from triage.collectors.log_sources import _access

    from triage.evidence import Evidence
    from triage.logformat import AccessParser, apache_format, nginx_format
    from triage.text import decode

    honeynet = b"".join(p.read_bytes() for p in sorted((SHARED_DATA / "apache").glob("honeynet-access_log*")))
    content = honeynet + b"\n".join(_BAD_LINES * 3) + b"\n"
    root = make_tree(tmp_path, {"/var/log/apache2/access.log": content})
    box = _Outbox()
    _access(Evidence(root), {"path": "/var/log/apache2/access.log", "formats": formats}, box)

    configured = []
    for kind, fmt in formats:
        configured += nginx_format("nginx", fmt) if kind == "nginx" else apache_format("config", fmt)
    reference = AccessParser(configured)
    expected = []
    for number, raw in enumerate(content.split(b"\n")[:-1], 1):
        row = reference.parse(decode(raw))
        if row is not None:
            expected.append(("/var/log/apache2/access.log", number, *row))
    assert box.rows == expected
    assert len(expected) > 3000 and any("\\xff" in (r[9] or "") for r in expected)


@pytest.mark.parametrize("raw", [
    b"/\x90\x90\x02\xb1\\x41\x7f\x00 ab",  # bad bytes only, as in binary overflow requests
    b"/caf\xc3\xa9\xff",  # a valid character and a bad byte
    b"\xe2\x82",  # a cut multi-byte character
    b"\xc3\xa9",  # valid, no bad byte at all
    b"plain",
])
def test_a_field_is_escaped_as_the_whole_line_decode_writes_it(raw):
    from triage.collectors.log_sources import _escape

    from triage.text import decode

    assert _escape(raw.decode("utf-8", "surrogateescape")) == decode(raw)
