"""Report findings, one module each: a query over the case plus the words that explain it.

See triage.report.base for the contract. Modules run in ``ORDER``; a later one
may read what an earlier one concluded from ``ctx.results[name]``.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def available() -> list[ModuleType]:
    mods = [
        importlib.import_module(f"{__name__}.{m.name}")
        for m in pkgutil.iter_modules(__path__)
        if not m.name.startswith("_")
    ]
    mods = [m for m in mods if hasattr(m, "run") and hasattr(m, "SECTION")]
    return sorted(mods, key=lambda m: (getattr(m, "ORDER", 50), m.__name__))
