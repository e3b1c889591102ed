"""The report: findings over the case file, composed into one document, rendered as
Markdown, HTML or JSON (capa's habit: one result document, several renderings).

The document's top-level keys are stable and described by
triage/schemas/report.schema.json; every renderer reads only the document.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import sqlite_utils

import triage
from triage.case import open_readonly
from triage.report import compose, findings
from triage.report.base import Ctx
from triage.times import now

FORMATS = ("md", "html", "json")
SCHEMA_PATH = Path(triage.__file__).resolve().parent / "schemas" / "report.schema.json"
# Sections in reading order; a finding naming a section not listed here is shown after them.
SECTIONS = {
    "entry_point": "Entry point",
    "webshells": "Web shells",
    "activity": "Attacker activity",
    "tampering": "Tampered system files",
    "persistence": "Persistence",
    "accounts": "Accounts and credentials",
    "log_integrity": "Log integrity",
}


def build(db: sqlite_utils.Database, case_path: str | None = None) -> dict[str, Any]:
    """Run every finding over the case and compose the report document."""
    ctx = Ctx(db)
    items: list[dict[str, Any]] = []
    for module in findings.available():
        name = module.__name__.rsplit(".", 1)[-1]
        found = module.run(ctx)
        ctx.results[name] = found
        for item in found:
            items.append({"finding": name, "section": module.SECTION, **_public(item)})
    verdict = compose.verdict(ctx)
    entry = verdict.pop("entry")
    runs = ctx.q(
        "SELECT id, command, tool_version, evidence_root, started, ended, status, error_count FROM runs ORDER BY id"
    )
    doc = {
        "report_version": 1,
        "case": {
            "path": os.fspath(case_path) if case_path else None,
            "generated": now(),
            "tool_version": triage.__version__,
            **compose.host_facts(ctx),
            "times": "UTC (ISO 8601)",
            "runs": runs,
        },
        "verdict": verdict,
        "entry_point": _entry(entry),
        "webshells": [_public(i) for i in ctx.results.get("webshells", [])],
        "activity": [
            _public(i) for n in ("activity", "malware", "privesc", "tampering") for i in ctx.results.get(n, [])
        ],
        "persistence": [_public(i) for i in ctx.results.get("persistence", [])],
        "accounts": [_public(i) for i in ctx.results.get("accounts", [])],
        "log_integrity": [_public(i) for i in ctx.results.get("log_integrity", [])],
        "indicators": compose.indicators(ctx),
        "rebuild": compose.rebuild(ctx, {**verdict, "entry": entry}),
        "timeline": compose.timeline(ctx),
        "findings": items,
        "sections": SECTIONS,
    }
    return json.loads(json.dumps(doc, default=str))  # plain JSON types only, as every renderer sees them


def _public(item: dict[str, Any]) -> dict[str, Any]:
    """An item without the bookkeeping keys findings use to talk to each other."""
    return {k: v for k, v in item.items() if k not in ("attack_times",)}


def _entry(entry: dict[str, Any] | None) -> dict[str, Any] | None:
    if not entry:
        return None
    return {
        "vector": entry["vector"],
        "confidence": entry["confidence"],
        "request": entry["request"],
        "component": entry.get("component"),
        "file": entry.get("file"),
        "text": entry["text"],
        "agreeing_sources": entry.get("agreeing_sources", []),
        "evidence": entry["evidence"],
    }


def render(doc: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if fmt == "md":
        from triage.report.markdown import render as md

        return md(doc)
    if fmt == "html":
        from triage.report.html import render as html

        return html(doc)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def report(case_path: str | os.PathLike[str], fmt: str = "md") -> str:
    """The report on a case file, rendered (the case is opened read-only)."""
    db = open_readonly(case_path)
    try:
        return render(build(db, os.fspath(case_path)), fmt)
    finally:
        db.conn.close()


def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text())
