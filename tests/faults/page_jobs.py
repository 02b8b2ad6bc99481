"""Jobs for the page workers in the fault tests: importable by a spawned worker process."""

from __future__ import annotations

import os
import signal
import time

KILLED_AT = 3


def render_or_be_killed(i: int) -> int:
    """A page that takes a moment to render; the `KILLED_AT`-th one gets its worker killed the
    way the out-of-memory killer does it (SIGKILL: no exception, no clean-up)."""
    if i == KILLED_AT:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.05)
    return i
