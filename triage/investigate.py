"""The main job in one call: collect the image, scan it, report on it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from triage import report as reporting
from triage import runner
from triage.case import check_location, open_readonly


@dataclass
class Result:
    status: str
    text: str
    verdict: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def investigate(
    evidence_root: str,
    case_path: str,
    *,
    output: str | None = None,
    workers: int | None = None,
    operator: str | None = None,
    progress: runner.Progress | None = None,
) -> Result:
    """Collect into ``case_path``, scan, and render the report (to ``output`` if given)."""
    if output:
        check_location(output, evidence_root, what="the report")
    summary = runner.collect(
        evidence_root, case_path, options={"workers": workers}, operator=operator, progress=progress
    )
    notes = [f"WARNING: {w}" for w in summary.warnings]
    if summary.status == "complete":
        notes += scan(case_path, evidence_root)
    fmt = _format_of(output)
    db = open_readonly(case_path)
    try:
        doc = reporting.build(db, os.fspath(case_path))
    finally:
        db.conn.close()
    text = reporting.render(doc, fmt)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    return Result(summary.status, text, doc["verdict"], notes)


def scan(case_path: str, evidence_root: str) -> list[str]:
    """Scan what this collection inventoried (always: scores from an earlier run may be stale)."""
    try:
        from triage.scan import scan_case
    except ImportError:
        return ["the scanner (triage.scan) is not installed: web shells are found only from request patterns"]
    summary = scan_case(case_path, evidence_root)
    return [f"scan: rule file skipped: {p}" for p in summary.problems]


def _format_of(output: str | None) -> str:
    if output:
        ext = os.path.splitext(output)[1].lower().lstrip(".")
        return (
            {"htm": "html", "markdown": "md"}.get(ext, ext)
            if ext in ("md", "html", "htm", "json", "markdown")
            else "md"
        )
    return "md"
