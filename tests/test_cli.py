"""The command line, driven through CliRunner; results checked through the library."""

from __future__ import annotations

import json

from click.testing import CliRunner

from triage.cli import cli


def test_collect_query_runs(tree, tmp_path):
    root = tree({"/etc/passwd": "root:x:0:0::/root:/bin/bash\n", "/x\x1b[31m.php": "<?php"})
    case = tmp_path / "c.db"
    r = CliRunner().invoke(cli, ["collect", str(root), "-c", str(case), "--only", "files"])
    assert r.exit_code == 0, r.output
    assert "complete" in r.output and "files 4" in r.output

    r = CliRunner().invoke(cli, ["query", str(case), "SELECT path, type FROM files ORDER BY path",
                                 "--format", "json"])
    assert r.exit_code == 0
    assert [row["path"] for row in json.loads(r.output)] == ["/", "/etc", "/etc/passwd", "/x\\x1b[31m.php"]

    r = CliRunner().invoke(cli, ["query", str(case), "SELECT path FROM files WHERE name LIKE 'x%'"])
    assert "\x1b" not in r.output and "\\x1b[31m" in r.output  # escaped on the terminal

    r = CliRunner().invoke(cli, ["query", str(case), "SELECT path, sha256 FROM files WHERE type = :t",
                                 "-p", "t=file", "--format", "csv"])
    assert r.output.splitlines()[0] == "path,sha256" and len(r.output.splitlines()) == 3

    r = CliRunner().invoke(cli, ["query", str(case), "SELECT '=cmd|calc' AS ua, -1 AS n", "--format", "csv"])
    assert r.output.splitlines()[1] == "'=cmd|calc,-1"  # no formula for a spreadsheet to run

    r = CliRunner().invoke(cli, ["runs", str(case)])
    assert r.exit_code == 0 and "complete" in r.output and "files" in r.output


def test_query_refuses_writes(tree, tmp_path):
    root = tree({"/a": "1"})
    case = tmp_path / "c.db"
    CliRunner().invoke(cli, ["collect", str(root), "-c", str(case)])
    for sql in ("DELETE FROM files", "UPDATE files SET path = 'x'", "DROP TABLE files",
                "ATTACH DATABASE 'other.db' AS o"):
        r = CliRunner().invoke(cli, ["query", str(case), sql])
        assert r.exit_code == 1 and "read-only" in r.output, sql
    r = CliRunner().invoke(cli, ["query", str(case), "SELECT count(*) AS n FROM files", "--format", "json"])
    assert json.loads(r.output) == [{"n": 2}]


def test_user_errors_are_one_line(tree, tmp_path):
    root = tree({"/a": "1"})
    r = CliRunner().invoke(cli, ["collect", str(root), "-c", str(root / "case.db")])
    assert r.exit_code == 1 and "inside the evidence root" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(cli, ["collect", str(root), "-c", str(tmp_path / "c.db"), "--only", "nope"])
    assert r.exit_code == 1 and "unknown collector" in r.output
    r = CliRunner().invoke(cli, ["query", str(tmp_path / "missing.db"), "SELECT 1"])
    assert r.exit_code == 2
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    r = CliRunner().invoke(cli, ["query", str(tmp_path / "junk.db"), "SELECT 1"])
    assert r.exit_code == 1 and "not a case file" in r.output


def test_every_command_help_ends_with_an_example():
    for name, command in cli.commands.items():
        assert "Example:" in (command.help or ""), name


def test_reports_and_exports_are_never_written_into_the_evidence(tree, tmp_path):
    root = tree({"/etc/hostname": "web01\n"})
    case = tmp_path / "c.db"
    r = CliRunner().invoke(cli, ["investigate", str(root), "-c", str(case), "-o", str(root / "report.html")])
    assert r.exit_code == 1 and "inside the evidence root" in r.output
    CliRunner().invoke(cli, ["collect", str(root), "-c", str(case), "--no-scan"])
    for args in (["report", str(case), "-o", str(root / "r.md")],
                 ["export", str(case), "--format", "csv", "-o", str(root / "i.csv")]):
        r = CliRunner().invoke(cli, args)
        assert r.exit_code == 1 and "inside the evidence root" in r.output, args
    assert sorted(p.name for p in root.iterdir()) == ["etc"]
    r = CliRunner().invoke(cli, ["report", str(case), "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 0 and (tmp_path / "r.md").exists()
    # the format follows the output's extension unless --format says otherwise
    for name, start in (("r.html", "<!DOCTYPE html>"), ("r.json", "{"), ("r.txt", "# ")):
        assert CliRunner().invoke(cli, ["report", str(case), "-o", str(tmp_path / name)]).exit_code == 0
        assert (tmp_path / name).read_text().lstrip().startswith(start), name
    CliRunner().invoke(cli, ["report", str(case), "--format", "md", "-o", str(tmp_path / "forced.html")])
    assert (tmp_path / "forced.html").read_text().startswith("# ")
