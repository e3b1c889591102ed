"""Collectors: one module per artifact family, each filling its own table.

A collector module has a docstring (what it reads and why a responder cares),
and a generator ``collect(evidence, ctx)`` that yields rows for the table named
like the module: plain dicts, ``(table, dict)`` pairs for the extra tables it
lists in ``TABLES``, or ``triage.runner.Error`` for what it could not read.
Optional module attributes:

* ``TABLES``: every table it fills (default: its own name);
* ``ORDER``: where it runs (default 50; lower runs first);
* ``RESUMABLE``: True if it skips what ``ctx.resume_keys()`` says is done, so an
  interrupted run keeps its rows; otherwise its rows are redone on --resume.
* ``BULK``: True for collectors writing millions of rows: the runner drops
  their tables' secondary indexes during the load and builds them after;
* ``DEFAULT``: False to run only when asked for with --only.

Collectors never call each other; one that needs another's rows reads them
from the case through ``ctx.query()`` and sets a higher ORDER.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def available() -> dict[str, ModuleType]:
    """Every collector module by name, in run order."""
    mods = [importlib.import_module(f"{__name__}.{m.name}")
            for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")]
    mods = [m for m in mods if hasattr(m, "collect")]
    mods.sort(key=lambda m: (getattr(m, "ORDER", 50), m.__name__))
    return {m.__name__.rsplit(".", 1)[-1]: m for m in mods}


def tables_of(module: ModuleType) -> tuple[str, ...]:
    return tuple(getattr(module, "TABLES", (module.__name__.rsplit(".", 1)[-1],)))
