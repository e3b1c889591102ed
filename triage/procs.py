"""Worker processes: how triage starts them, in one place.

Workers come from multiprocessing's forkserver (never a plain fork of a
process holding SQLite connections and threads). The server imports the
modules workers run before it forks them, so each worker starts with its
imports done (yara, libmagic, triage) instead of paying ~0.2 s of CPU each.
"""

from __future__ import annotations

import multiprocessing as mp
from multiprocessing.context import BaseContext

PRELOAD = ["triage.scan", "triage.collectors.files", "triage.collectors.log_sources"]


def context() -> BaseContext:
    """The start context for every worker pool (its preload takes effect when the server first starts)."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx
