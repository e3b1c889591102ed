"""The report's reasoning on small case files built through the real schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from tests.report.cases import access, afile, clean_case, make_case, ssh_case, wordpress_case
from triage import report
from triage.case import open_readonly
from triage.cli import cli

SHELL = "/var/www/html/wp-content/uploads/2024/03/thumb.php"
SHELL2 = "/var/www/html/wp-includes/class-wp-cache.php"


def doc_of(case: Path) -> dict:
    db = open_readonly(case)
    try:
        doc = report.build(db, str(case))
    finally:
        db.conn.close()
    jsonschema.validate(doc, report.schema())
    return doc


def test_wordpress_plugin_exploit(tmp_path: Path) -> None:
    doc = doc_of(wordpress_case(tmp_path / "wp.db"))
    v = doc["verdict"]
    assert (v["status"], v["vector"], v["confidence"]) == (
        "compromised",
        "application or plugin exploit",
        "confirmed",
    )
    req = doc["entry_point"]["request"]
    assert (req["time"], req["client_ip"], req["method"], req["url"]) == (
        "2024-03-02T03:14:07Z",
        "203.0.113.66",
        "POST",
        "/wp-content/plugins/contact-form-7/modules/file.php",
    )
    assert doc["entry_point"]["component"] == {
        "name": "contact-form-7",
        "version": "5.3.1",
        "app": "wordpress",
        "kind": "plugin",
        "root": "/var/www/html/wp-content/plugins/contact-form-7",
    }
    assert doc["entry_point"]["file"] == SHELL
    assert [s["path"] for s in doc["webshells"]] == [SHELL, SHELL2]
    first, second = doc["webshells"]
    assert first["first_request"]["time"] == "2024-03-02T03:14:20Z"  # the scanner's earlier 404 is a probe
    assert first["probes"] == 1
    assert second["timestomped"] and not first["timestomped"]
    # The second shell came through the first.
    planted = {p["file"]: p for p in doc["findings"] if p["finding"] == "entry_point"}
    assert planted[SHELL2]["vector"] == "through an earlier web shell"
    assert [i["value"] for i in doc["indicators"]["ips"]] == ["203.0.113.66"]
    assert [i["value"] for i in doc["indicators"]["user_agents"]] == ["python-requests/2.31.0"]
    assert [(p["kind"], p["path"], p["undo"]) for p in doc["persistence"]] == [
        ("user crontab", "/var/spool/cron/crontabs/www-data", "delete /var/spool/cron/crontabs/www-data")
    ]
    droppers = [a["path"] for a in doc["activity"] if a.get("kind") == "dropper"]
    assert droppers == ["/tmp/.x/kworker"]  # the systemd-private file is neither runnable nor scored
    rb = doc["rebuild"]
    assert rb["earliest_attacker_activity"] == "2024-03-02T03:10:00Z"
    assert rb["backup_cutoff"] == "2024-03-01T00:00:00Z"
    assert {d["path"] for d in rb["do_not_restore"]} >= {SHELL, SHELL2, "/tmp/.x/kworker"}
    assert any("wp-config.php" in r["what"] for r in rb["rotate"])
    assert rb["patch"][0]["component"] == "contact-form-7" and rb["patch"][0]["version"] == "5.3.1"
    # Every claim cites evidence; access-log citations carry the line.
    ev = doc["entry_point"]["evidence"][0]
    assert ev["table"] == "access_log" and ev["line"] == 5 and "POST /wp-content/plugins" in ev["raw"]
    assert all(f["evidence"] for f in doc["findings"] if f["section"] != "log_integrity")


def test_ssh_brute_force(tmp_path: Path) -> None:
    doc = doc_of(ssh_case(tmp_path / "ssh.db"))
    v = doc["verdict"]
    assert (v["status"], v["vector"], v["confidence"]) == ("compromised", "SSH brute force", "confirmed")
    req = doc["entry_point"]["request"]
    assert (req["time"], req["client_ip"]) == ("2024-05-10T02:25:00Z", "203.0.113.9")
    wtmp = [e for e in doc["entry_point"]["evidence"] if e["table"] == "logins"]
    assert [e["path"] for e in wtmp] == ["/var/log/wtmp"]
    assert doc["webshells"] == []
    assert [i["value"] for i in doc["indicators"]["ips"]] == ["203.0.113.9"]  # alice's address is not one
    keys = [p for p in doc["persistence"] if p["kind"] == "ssh authorized key"]
    assert [k["path"] for k in keys] == ["/home/deploy/.ssh/authorized_keys"]
    assert "SHA256:3q2+7w6t0Wq8Pp1x0YyF8mM5dZ9jKcS3nH4aB2cD1eF" in keys[0]["undo"]
    assert doc["rebuild"]["backup_cutoff"] == "2024-05-09T00:00:00Z"
    alts = {a["vector"]: a for a in v["alternatives"]}
    assert not alts["application or plugin exploit"]["rejected"]  # no access log: cannot be ruled out


def test_clean_server_reports_no_compromise(tmp_path: Path) -> None:
    doc = doc_of(clean_case(tmp_path / "clean.db"))
    v = doc["verdict"]
    assert (v["status"], v["compromised"], v["vector"]) == ("no compromise found", False, "none")
    assert v["confidence"] == "probable"
    assert all(not rows for rows in doc["indicators"].values())
    assert doc["entry_point"] is None and doc["webshells"] == []
    assert doc["rebuild"]["backup_cutoff"] is None and doc["rebuild"]["do_not_restore"] == []
    assert "web requests" in " ".join(v["checked"])


def test_empty_case_says_what_is_missing(tmp_path: Path) -> None:
    doc = doc_of(make_case(tmp_path / "empty.db", {}))
    assert doc["verdict"]["status"] == "no compromise found"
    assert doc["verdict"]["confidence"] == "possible"  # nothing was there to check
    assert "web access logs: not collected" in doc["rebuild"]["not_examined"]
    assert any(i["kind"] == "absent" for i in doc["log_integrity"])


HOSTILE_UA = "<script>alert(1)</script>\x1b[31mred\x1b]0;owned\x07"
HOSTILE_NAME = "/var/www/html/wp-content/uploads/<script>x</script>\x1b[2J.php"


def hostile_case(path: Path) -> Path:
    return make_case(
        path,
        {
            "access_log": [
                access("2024-03-02T03:14:07Z", "203.0.113.66", "POST", "/upload.php", ua=HOSTILE_UA),
                access(
                    "2024-03-02T03:14:30Z",
                    "203.0.113.66",
                    "POST",
                    "/wp-content/uploads/<script>x</script>\x1b[2J.php",
                    ua=HOSTILE_UA,
                ),
            ],
            "files": [afile(HOSTILE_NAME, "2024-03-02T03:14:08.000000000Z", owner="www-data", sha="d" * 64)],
            "file_scores": [
                {
                    "path": HOSTILE_NAME,
                    "sha256": "d" * 64,
                    "score": 95,
                    "verdict": "malicious",
                    "reasons": ["<img src=x onerror=alert(2)>"],
                }
            ],
        },
    )


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_hostile_strings_are_inert(tmp_path: Path, fmt: str) -> None:
    case = hostile_case(tmp_path / "hostile.db")
    text = report.report(case, fmt)
    assert "\x1b" not in text and "\x07" not in text
    doc = doc_of(case)
    assert doc["webshells"][0]["path"] == HOSTILE_NAME  # the document keeps the exact value
    if fmt == "html":
        assert "<script" not in text and "<img" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;\\x1b[31mred" in text
    if fmt == "md":
        assert "<script" not in text.replace("\\<script", "")  # every < is backslash-escaped
        assert "\\<script\\>alert(1)\\</script\\>\\\\x1b\\[31mred" in text
    if fmt == "json":
        assert json.loads(text)["indicators"]["user_agents"][0]["value"] == HOSTILE_UA
    # and on the terminal through the CLI
    result = CliRunner().invoke(cli, ["report", str(case), "--format", "md"])
    assert result.exit_code == 0 and "\x1b" not in result.output


def test_cli_report_writes_each_format(tmp_path: Path) -> None:
    case = wordpress_case(tmp_path / "wp.db")
    for fmt in ("md", "html", "json"):
        out = tmp_path / f"r.{fmt}"
        result = CliRunner().invoke(cli, ["report", str(case), "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    jsonschema.validate(json.loads((tmp_path / "r.json").read_text()), report.schema())
    html = (tmp_path / "r.html").read_text()
    assert "<svg" in html and "<script" not in html
    assert " src=" not in html and " href=" not in html and "<link" not in html  # nothing fetched from anywhere
    missing = CliRunner().invoke(cli, ["report", str(tmp_path / "nope.db")])
    assert missing.exit_code == 2


def test_report_leaves_the_case_unchanged(tmp_path: Path) -> None:
    case = wordpress_case(tmp_path / "wp.db")
    before = case.read_bytes()
    report.report(case, "json")
    assert case.read_bytes() == before


def test_a_new_finding_needs_no_renderer_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A finding module is a query plus its words; the renderers show any section they are given."""
    import types

    from triage.report import findings
    from triage.report.base import cite

    mod = types.ModuleType("triage.report.findings.exfil")
    mod.SECTION, mod.ORDER = "exfiltration", 99

    def run(ctx):
        rows = ctx.q("SELECT * FROM access_log WHERE bytes > 100000")
        return [{"title": f"large download by {r['client_ip']}", "text": f"{r['url']} sent {r['bytes']} bytes",
                 "evidence": [cite("access_log", r)]} for r in rows]

    mod.run = run
    real = findings.available()
    monkeypatch.setattr(findings, "available", lambda: [*real, mod])
    case = make_case(tmp_path / "x.db", {"access_log": [access("2024-01-01T00:00:00Z", "203.0.113.5", "GET",
                                                               "/backup.zip", nbytes=9_000_000)]})
    md = report.report(case, "md")
    html = report.report(case, "html")
    assert "## Exfiltration" in md and "large download by 203.0.113.5" in md
    assert "<h2>Exfiltration</h2>" in html and "/backup.zip sent 9000000 bytes" in html
    jsonschema.validate(json.loads(report.report(case, "json")), report.schema())


def test_attacker_tool_outside_web_and_tmp_without_logs(tmp_path: Path) -> None:
    """A miner in /usr/local/bin and no log at all: compromised, but the way in stays undetermined."""
    miner = "/usr/local/bin/kswapd"
    case = make_case(tmp_path / "m.db", {
        "files": [afile(miner, "2024-04-01T02:00:00.000000000Z", sha="e" * 64, mime="application/x-executable",
                        mode=0o100755)],
        "file_scores": [{"path": miner, "sha256": "e" * 64, "score": 80, "verdict": "attacker-tool",
                         "reasons": ["triage_miner_config (80): Coin miner: stratum pool URL"]}],
    })
    doc = doc_of(case)
    v = doc["verdict"]
    assert (v["status"], v["vector"], v["confidence"]) == ("compromised", "undetermined", "undetermined")
    assert [a["path"] for a in doc["activity"] if a.get("kind") == "malicious file"] == [miner]
    assert [d["path"] for d in doc["rebuild"]["do_not_restore"]] == [miner]
    assert all(not a["rejected"] for a in v["alternatives"])  # no log: nothing can be ruled out


def test_long_lists_are_cut_in_the_human_reports_and_whole_in_json(tmp_path: Path, monkeypatch) -> None:
    """A real box can have thousands of flagged files: Markdown and HTML show the first ones and say how many more."""
    from triage.report import base, html, markdown

    case = wordpress_case(tmp_path / "wp.db")
    doc = doc_of(case)
    timeline, indicators = len(doc["timeline"]), len(doc["indicators"]["paths"])
    assert timeline > 2 and indicators > 1
    monkeypatch.setattr(base, "SHOWN", 1)
    monkeypatch.setattr(markdown, "SHOWN_REBUILD", 1)
    monkeypatch.setattr(html, "SHOWN_REBUILD", 1)
    md = markdown.render(doc)
    assert f"… and {timeline - 1:,} more (every one is in the JSON report" in md
    assert f"… and {indicators - 1:,} more" in md
    page = html.render(doc)
    assert f"… and {timeline - 1:,} more" in page
    assert len(json.loads(report.report(str(case), "json"))["timeline"]) == timeline


def test_an_npm_self_update_is_a_changed_package_file_and_a_changed_library_is_a_trojan(tmp_path: Path) -> None:
    """A real root had 785 npm files changed by npm updating itself: changed, not 'trojaned system files'."""
    from tests.report.cases import make_case

    npm = "/usr/lib/node_modules/npm/lib/cli.js"
    lib = "/usr/lib/x86_64-linux-gnu/libpam.so.0.85.1"
    rows = {
        "files": [afile(npm, "2024-01-01T00:00:00.000000000Z", mime="application/javascript"),
                  afile(lib, "2024-01-01T00:00:00.000000000Z", mime="application/x-sharedlib")],
        "package_integrity": [
            {"path": npm, "package": "nodejs", "status": "changed", "expected_md5": "a" * 32, "actual_md5": "b" * 32},
        ],
    }
    doc = doc_of(make_case(tmp_path / "npm.db", rows))
    assert not doc["verdict"]["compromised"]
    assert [f["title"] for f in doc["findings"] if f["section"] == "tampering"] == [f"changed package file {npm}"]
    rows["package_integrity"].append(
        {"path": lib, "package": "libpam0g", "status": "changed", "expected_md5": "c" * 32, "actual_md5": "d" * 32})
    doc = doc_of(make_case(tmp_path / "pam.db", rows))
    assert doc["verdict"]["compromised"]
    assert f"trojaned package file {lib}" in [f["title"] for f in doc["findings"] if f["section"] == "tampering"]


def test_a_log_the_collector_never_read_is_not_called_empty(tmp_path: Path) -> None:
    from tests.report.cases import make_case

    shell = "/var/www/html/wp-content/uploads/x.php"
    rows = {"files": [afile("/home/bob/old/access.log", "2024-01-01T00:00:00.000000000Z", mime="text/plain"),
                      afile("/var/log/apache2/access.log", "2024-01-01T00:00:00.000000000Z", mime="text/plain"),
                      afile(shell, "2024-01-02T00:00:00.000000000Z", owner="www-data")],
            "file_scores": [{"path": shell, "score": 95, "verdict": "webshell", "reasons": ["one-liner"],
                             "top_rule": "triage_php_one_liner"}],
            "log_sources": [{"path": "/var/log/apache2/access.log", "kind": "access", "lines": 0, "parsed": 0}]}
    doc = doc_of(make_case(tmp_path / "logs.db", rows))
    why = {a["vector"]: a["why_rejected"] for a in doc["verdict"]["alternatives"]}["upload form"]
    assert "/var/log/apache2/access.log gave no events" in why
    assert "/home/bob/old/access.log is in the image but was not read as a log" in why
