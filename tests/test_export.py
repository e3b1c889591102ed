"""Exports: bodyfile read by mactime, Timesketch JSONL, STIX 2.1 validated by stix2, MISP, CSV."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.report.cases import wordpress_case
from triage.cli import cli
from triage.export import export


@pytest.fixture
def case(tmp_path: Path) -> Path:
    return wordpress_case(tmp_path / "wp.db")


def test_bodyfile_has_birth_times_and_mactime_reads_it(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "case.body"
    n = export(case, "bodyfile", out)
    lines = out.read_text().splitlines()
    assert n == len(lines) == 8
    shell = next(line for line in lines if "thumb.php" in line).split("|")
    assert len(shell) == 11 and shell[3] == "r/rrw-r--r--"
    assert shell[8] == shell[10] == "1709349248"  # mtime and birth time 2024-03-02T03:14:08Z
    mactime = shutil.which("mactime")
    if not mactime:
        pytest.skip("mactime (Debian package sleuthkit) is not installed; `make test` installs it")
    res = subprocess.run(
        [mactime, "-b", str(out), "-d", "-z", "UTC"], capture_output=True, text=True, check=True
    )
    rows = [r for r in res.stdout.splitlines()[1:] if "thumb.php" in r]
    assert rows == [
        "Sat Mar 02 2024 03:14:08,100,macb,r/rrw-r--r--,33,33,"
        + shell[2]
        + ',"/var/www/html/wp-content/uploads/2024/03/thumb.php"'
    ]


def test_timesketch_rows_carry_plaso_fields(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "ts.jsonl"
    export(case, "timesketch", out)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    for r in rows:
        assert {"message", "datetime", "timestamp", "timestamp_desc", "data_type"} <= set(r)
    shell = [r for r in rows if r.get("filename", "").endswith("thumb.php")]
    assert shell and shell[0]["yara_match"] == ["php_eval_request"]
    web = [r for r in rows if r["data_type"] == "apache:access_log:entry"]
    assert len(web) == 9 and web[0]["http_request_user_agent"]


def test_stix_bundle_validates(case: Path, tmp_path: Path) -> None:
    stix2 = pytest.importorskip("stix2")
    out = tmp_path / "bundle.json"
    export(case, "stix", out)
    bundle = stix2.parse(out.read_text(), allow_custom=False)
    kinds = [o.type for o in bundle.objects]
    assert kinds.count("indicator") >= 4 and "report" in kinds and "identity" in kinds
    patterns = [o.pattern for o in bundle.objects if o.type == "indicator"]
    assert "[ipv4-addr:value = '203.0.113.66']" in patterns
    assert not any("198.51.100.23" in p for p in patterns)


def test_misp_and_csv(case: Path, tmp_path: Path) -> None:
    export(case, "misp", tmp_path / "misp.json")
    event = json.loads((tmp_path / "misp.json").read_text())["Event"]
    assert {"ip-src", "sha256", "url", "user-agent"} <= {a["type"] for a in event["Attribute"]}
    export(case, "csv", tmp_path / "iocs.csv")
    with (tmp_path / "iocs.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["type", "value", "first_seen", "last_seen", "confidence", "context", "evidence"]
    ip = next(r for r in rows if r["type"] == "ips")
    assert ip["value"] == "203.0.113.66" and ip["evidence"].startswith("access_log#")


def test_cli_export(case: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", str(case), "--format", "csv", "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 0 and "records" in result.output
