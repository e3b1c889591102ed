"""The rule lint test: every rule compiles with warnings as errors, carries
its metadata, fires on at least one synthetic sample, and stays silent on the
benign set."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yara
from scan_samples import BENIGN, MALICIOUS, built_benign, built_malicious, expectations

from triage.scan import EXTERNALS, OWN_RULES, VERDICTS, rule_files

REQUIRED = ("description", "author", "date", "reference", "score", "category", "family")
RULE_FILES = [p for _ns, p in rule_files([OWN_RULES])]
EXT = {k: "" for k in EXTERNALS}


def compiled() -> yara.Rules:
    return yara.compile(filepaths={p.relative_to(OWN_RULES).as_posix(): str(p) for p in RULE_FILES},
                        externals=EXT, error_on_warning=True)


def names_of(matches: list) -> set[str]:
    return {m.rule for m in matches}


def test_rule_folders_exist():
    folders = {p.relative_to(OWN_RULES).parts[0] for p in RULE_FILES}
    assert {"webshell", "tools", "dualuse"} <= folders
    assert len(RULE_FILES) >= 8


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.relative_to(OWN_RULES).as_posix())
def test_compiles_with_warnings_as_errors(path: Path):
    yara.compile(filepath=str(path), externals=EXT, error_on_warning=True)


def all_rules() -> list[tuple[str, dict]]:
    rules = compiled()
    out = []
    for r in rules:
        out.append((r.identifier, dict(r.meta)))
    return out


def test_every_rule_has_metadata():
    rules = all_rules()
    assert len(rules) >= 30
    for name, meta in rules:
        missing = [k for k in REQUIRED if k not in meta]
        assert not missing, f"{name} lacks {missing}"
        assert isinstance(meta["score"], int) and 0 <= meta["score"] <= 100, name
        assert meta["category"] in VERDICTS[:4], name
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta["date"]), name
        assert meta["reference"].startswith("https://"), name
        assert name.startswith("triage_"), name


def _malicious() -> dict[str, tuple[bytes, set[str]]]:
    samples = {p.name: (p.read_bytes(), expectations(p)) for p in sorted(MALICIOUS.iterdir())}
    samples.update(built_malicious())
    return samples


def test_each_sample_triggers_its_rules():
    rules = compiled()
    wrong = {}
    for name, (data, expected) in _malicious().items():
        assert expected, f"{name} names no expected rule"
        got = names_of(rules.match(data=data, externals=EXT))
        if not expected <= got:
            wrong[name] = (sorted(expected - got), sorted(got))
    assert not wrong


def test_every_rule_fires_on_a_sample():
    rules = compiled()
    fired: set[str] = set()
    for data, _ in _malicious().values():
        fired |= names_of(rules.match(data=data, externals=EXT))
    public = {r.identifier for r in rules if not r.is_private}
    assert public - fired == set()


def test_benign_set_is_silent():
    rules = compiled()
    benign = {p.name: p.read_bytes() for p in sorted(BENIGN.iterdir())}
    benign.update(built_benign())
    assert len(benign) >= 15
    noisy = {name: sorted(names_of(rules.match(data=data, externals=EXT))) for name, data in benign.items()}
    assert {k: v for k, v in noisy.items() if v} == {}
