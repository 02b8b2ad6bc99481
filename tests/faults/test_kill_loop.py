"""Fault campaign, processes: builds killed (SIGKILL) at random points. After each, the warehouse
opens, the publication is one whole version that a fresh process reads, and the next build
completes. In a file of its own: it is the longest slow test, and pytest-xdist gives each file to
one worker.

Each trial kills at a point drawn in its own slice of a complete build's length (stratified):
ten trials cover start-up, load, dbt, checks, publication and rendering as evenly as twenty
uniform draws did, which left a quarter of them in start-up or after the build had ended.
`TT_KILL_TRIALS=N` runs a longer campaign."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import time
from pathlib import Path

import pytest

from tests.faults.processes import (
    FIGURES,
    REVISE,
    check_invariants,
    children,
    complete_build,
    descendants,
    gone,
    last_step,
    start_build,
)


@pytest.mark.slow
def test_sigkill_at_random_points_loses_nothing(tmp_path, sources):
    warehouse = tmp_path / "wh" / "trade.duckdb"
    full = complete_build(warehouse, sources["A"], sources)
    totals = {"A": check_invariants(warehouse)["raw"]}
    rng = random.Random(2026)
    trials, phases = [], {}
    count = int(os.environ.get("TT_KILL_TRIALS", "10"))
    slices = rng.sample(range(count), count)  # the slices in random order: both kinds of kill
    for trial in range(count):
        name = "B" if trial % 2 == 0 else "A"
        before = check_invariants(warehouse)
        proc = start_build(warehouse, sources[name], sources, *REVISE)
        time.sleep(1.0 + (full - 1.0) * (slices[trial] + rng.random()) / count)
        phase = last_step(warehouse) if proc.poll() is None else "completed"
        # even trials: `kill -9` of the command; odd: of the worker's whole process group (of
        # the command when it has no worker yet, still starting: else it would build on)
        workers = children(proc.pid)
        victims = descendants(proc.pid)
        with contextlib.suppress(ProcessLookupError):  # it may have ended on its own
            if trial % 2 == 0 or not workers:
                os.kill(proc.pid, signal.SIGKILL)
            else:
                for worker in workers:
                    os.killpg(worker, signal.SIGKILL)
        proc.wait(timeout=60)
        deadline = time.monotonic() + 30
        while not gone(victims) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert gone(victims), "a killed build left a process behind"
        print(f"trial {trial}: killed during {phase}", flush=True)
        after = check_invariants(warehouse)
        # raw holds exactly one promoted version of 2024: A's or B's, never a mix
        assert after["raw"] in {totals["A"], 2 * totals["A"]}, after
        assert after["loads"].get("promoted") == 2  # two flows of one load
        phases[phase] = phases.get(phase, 0) + 1
        trials.append({"trial": trial, "phase": phase, "published_before": before["version"],
                       "published_after": after["version"]})  # fmt: skip
        # the next build completes, and publishes what it built (after the last trial: the
        # final build below)
        if trial % 5 == 4 and trial < count - 1:
            complete_build(warehouse, sources[name], sources, *REVISE)
            final = check_invariants(warehouse)
            assert final["raw"] == (totals["A"] if name == "A" else 2 * totals["A"])
    complete_build(warehouse, sources["A"], sources, *REVISE)
    assert check_invariants(warehouse)["raw"] == totals["A"]
    summary = {"trials": len(trials), "phases": phases, "survived": len(trials), "lost": 0,
               "full_build_seconds": round(full, 1)}  # fmt: skip
    print(json.dumps(summary))
    if FIGURES:
        Path(FIGURES).write_text(json.dumps({"summary": summary, "trials": trials}, indent=1))
