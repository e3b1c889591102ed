"""Read-only SQL over a case file, and the saved queries shipped with triage.

A saved query is a file triage/queries/NAME.sql whose header comment says
what it is, so `triage query --list`, `triage serve` (as datasette canned
queries) and the tests all read the same words:

    -- title: Web shells and scores
    -- description: what it shows and why a responder asks it
    -- param: min_score: lowest score shown (default 1)

A parameter whose help says "(default ...)" or "(optional)" may be left out;
it is then bound as an empty string, which the SQL treats as "not given"
(datasette binds missing canned-query parameters the same way).
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from importlib import resources
from typing import Any

from triage.case import CaseError, open_readonly

_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
_HEADER = re.compile(r"^--\s*(title|description|param):\s*(.*)$")


class QueryError(CaseError):
    """A query the user asked for cannot run; shown as one line."""


@dataclass(frozen=True)
class Param:
    name: str
    help: str

    @property
    def required(self) -> bool:
        return "(default" not in self.help and "(optional" not in self.help


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    sql: str

    def bind(self, given: dict[str, str]) -> dict[str, str]:
        """The parameters to run with: those given, '' for optional ones left out."""
        known = {p.name for p in self.params}
        unknown = sorted(set(given) - known)
        if unknown:
            raise QueryError(f"saved query {self.name!r} has no parameter {', '.join(unknown)}; "
                             f"it takes: {', '.join(sorted(known)) or 'none'}")
        missing = [p.name for p in self.params if p.required and not given.get(p.name)]
        if missing:
            needs = ", ".join(f"-p {m}=VALUE" for m in missing)
            raise QueryError(f"saved query {self.name!r} needs {needs}")
        return {p.name: given.get(p.name, "") for p in self.params}


def parse_saved(name: str, text: str) -> SavedQuery:
    """A saved query from its file's text (header comment, then the SQL)."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    body: list[str] = []
    for line in text.splitlines():
        match = _HEADER.match(line.strip()) if not body else None
        if match:
            key, value = match.groups()
            if key == "param":
                pname, _, phelp = value.partition(":")
                params.append(Param(pname.strip(), phelp.strip()))
            else:
                fields[key] = value.strip()
        elif line.strip() or body:
            body.append(line)
    sql = "\n".join(body).strip()
    if "title" not in fields or not sql:
        raise QueryError(f"saved query {name!r} lacks a '-- title:' header or its SQL")
    return SavedQuery(name, fields["title"], fields.get("description", ""), tuple(params), sql)


def saved_queries() -> dict[str, SavedQuery]:
    """Every saved query shipped with triage, by name."""
    folder = resources.files("triage") / "queries"
    found = {}
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.name.endswith(".sql"):
            name = item.name[:-4]
            found[name] = parse_saved(name, item.read_text(encoding="utf-8"))
    return found


def saved(name: str) -> SavedQuery:
    queries = saved_queries()
    if name not in queries:
        raise QueryError(f"no saved query {name!r}; triage query --list shows them: {', '.join(queries)}")
    return queries[name]


def sql_params(sql: str) -> set[str]:
    """The :name parameters a statement uses (string literals ignored)."""
    return set(_PARAM.findall(re.sub(r"'(?:[^']|'')*'", "''", sql)))


def run(case_path: str | os.PathLike[str], sql: str,
        params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Rows of one read-only statement; a statement that would write is refused."""
    db = open_readonly(case_path)
    try:
        cursor = db.conn.execute(sql, params or {})
        if cursor.description is None:
            return []
        keys = [d[0] for d in cursor.description]
        return [dict(zip(keys, row)) for row in cursor]
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        if "authoriz" in text or "readonly" in text or "read-only" in text:
            raise QueryError("refused: this statement would change the case file, and queries only read "
                             "(the case is opened read-only so evidence stays as collected)") from None
        raise QueryError(f"query failed: {text}") from None
    finally:
        db.conn.close()


def run_saved(case_path: str | os.PathLike[str], name: str, given: dict[str, str] | None = None
              ) -> list[dict[str, Any]]:
    query = saved(name)
    return run(case_path, query.sql, query.bind(given or {}))
