"""`triage investigate`: collect, scan and report in one command, on a sample image."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from triage import report
from triage.cli import cli

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "samples"))
import build as samples  # noqa: E402


def test_investigate_writes_the_report_the_extension_names(tmp_path: Path) -> None:
    root = samples.build("classic-php", tmp_path / "evidence")
    case = tmp_path / "case.db"
    out = tmp_path / "web01.json"
    result = CliRunner().invoke(cli, ["investigate", str(root), "-c", str(case), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "verdict: compromised" in result.output
    doc = json.loads(out.read_text())
    jsonschema.validate(doc, report.schema())
    assert "/var/www/html/sites/default/files/.styles.php" in {s["path"] for s in doc["webshells"]}
    assert {r["command"] for r in doc["case"]["runs"]} >= {"collect"}
    # the same case reports again, read-only, in another format
    again = CliRunner().invoke(cli, ["report", str(case), "--format", "md"])
    assert again.exit_code == 0 and ".styles.php" in again.output


def test_investigate_refuses_a_case_inside_the_evidence(tmp_path: Path) -> None:
    root = samples.build("clean-server", tmp_path / "evidence")
    result = CliRunner().invoke(cli, ["investigate", str(root), "-c", str(root / "case.db")])
    assert result.exit_code == 1 and "inside the evidence root" in result.output
