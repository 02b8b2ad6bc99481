"""Fault campaign, processes: builds killed by SIGKILL at random points, the command alone (the
other half, the worker's process group, is `test_kill_loop_group.py`). Each half is a file of
its own: pytest-xdist gives each file to one worker, and they are the longest slow tests."""

from __future__ import annotations

import pytest

from tests.faults.processes import kill_at_random_points


@pytest.mark.slow
def test_sigkill_of_the_command_at_random_points_loses_nothing(tmp_path, sources):
    summary = kill_at_random_points(tmp_path, sources, group=False, seed=2026)
    assert summary["survived"] == summary["trials"] == 10
