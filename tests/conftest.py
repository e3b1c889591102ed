"""Shared fixtures: tiny evidence trees built in a temporary folder, and a
helper that runs collectors through the real runner into a real case file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from triage import runner

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


def make_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write {image path: content} under root; returns root."""
    for rel, content in files.items():
        p = root / rel.lstrip("/")
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


@pytest.fixture
def tree(tmp_path: Path):
    """tree({"/etc/passwd": "root:x:0:0::/root:/bin/bash\\n"}) -> evidence root."""
    root = tmp_path / "evidence"
    root.mkdir()

    def build(files: dict[str, str | bytes] | None = None) -> Path:
        return make_tree(root, files or {})

    return build


@pytest.fixture
def run_collect(tmp_path: Path):
    """Collect from an evidence root into a fresh case; returns the sqlite-utils Database."""

    def run(root: Path, only: list[str] | None = None, **options: Any) -> sqlite_utils.Database:
        case = tmp_path / f"case-{len(list(tmp_path.glob('case-*.db')))}.db"
        summary = runner.collect(os.fspath(root), os.fspath(case), only=only, options=options, argv=[])
        assert summary.status == "complete"
        return sqlite_utils.Database(case)

    return run
