"""The hacked-debian sample built once and collected once, for the web collectors' tests."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import sqlite_utils

from triage import runner

ROOT = Path(__file__).resolve().parents[2]


def build_and_collect(tmp: Path, only: list[str]) -> tuple[Path, sqlite_utils.Database]:
    spec = importlib.util.spec_from_file_location("samples_build", ROOT / "samples" / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    tree = build.build("hacked-debian", tmp / "root")
    case = tmp / "case.db"
    summary = runner.collect(os.fspath(tree), os.fspath(case), only=only, argv=[], options={"workers": 2})
    assert summary.status == "complete"
    return tree, sqlite_utils.Database(case)
