"""Fault campaign, processes: builds killed (SIGKILL) at random points, stopped (SIGTERM), and run
twice at once. After each, the warehouse opens, the publication is one whole version that a fresh
process reads, and the next build completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest

from tests.conftest import hand_made_lines
from tests.faults.processes import (
    REVISE,
    check_invariants,
    children,
    cmdline,
    complete_build,
    descendants,
    gone,
    start_build,
)
from tests.helpers import make_archive


def test_a_build_process_killed_by_a_signal_takes_what_it_started_with_it(tmp_path, capsys):
    """The build's process killed by SIGKILL (the out-of-memory killer's way) while a process it
    started runs (dbt, a page worker): that one is killed too, one line says what happened, exit
    3 (it was the raw -9, no line, and the started process left running)."""
    from dagster import DagsterInstance, DagsterRun, DagsterRunStatus

    from orchestration import stopping
    from orchestration.settings import prepare_dagster_home

    home = prepare_dagster_home(tmp_path / "dagster_home")
    started = tmp_path / "started.pid"
    code = ("import os, signal, subprocess, sys; "
            "p = subprocess.Popen(['sleep', '600']); open(sys.argv[1], 'w').write(str(p.pid)); "
            "os.kill(os.getpid(), signal.SIGKILL)")  # fmt: skip
    proc = subprocess.Popen([sys.executable, "-c", code, str(started)], start_new_session=True)
    assert proc.wait(timeout=60) == -signal.SIGKILL
    left = int(started.read_text())
    assert not gone([left])  # still running, in the killed process's group
    with DagsterInstance.from_config(str(home)) as instance:  # the run it was in, left STARTED
        instance.add_run(DagsterRun(job_name="build", run_id=str(uuid.uuid4()),
                                    status=DagsterRunStatus.STARTED,
                                    tags={"territorial_trade/pid": str(proc.pid)}))  # fmt: skip
    assert stopping._killed(proc, home) == 3
    deadline = time.monotonic() + 10
    while not gone([left]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert gone([left]), "the process the build started is still running"
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line == (
        "territorial-trade: the build's process was killed by SIGKILL (the system's "
        "out-of-memory killer does this when memory runs out); nothing it was writing is "
        "published (a year is only ever promoted and published whole): run again"
    )
    with DagsterInstance.from_config(str(home)) as instance:
        [run] = instance.get_runs()
        assert run.status == DagsterRunStatus.FAILURE  # not shown running forever in the UI


@pytest.mark.slow
def test_the_build_process_alone_killed_during_dbt_leaves_nothing_running_or_started(
    tmp_path, sources
):
    """`kill -9` of the build's own process alone (not its group), while dbt runs, as the
    out-of-memory killer picks the largest process: the command ends at once with exit 3 and
    one line, dbt is not left writing the warehouse, no Dagster run is left STARTED, nothing
    published moved, and the next build completes."""
    from dagster import DagsterInstance, DagsterRunStatus, RunsFilter

    warehouse = tmp_path / "wh" / "trade.duckdb"
    complete_build(warehouse, sources["A"], sources, "--fiches", "none")
    before = check_invariants(warehouse)
    proc = start_build(warehouse, sources["B"], sources, "--fiches", "none", *REVISE)
    deadline = time.monotonic() + 300
    child, started = None, []
    while time.monotonic() < deadline and proc.poll() is None:
        child = next(iter(children(proc.pid)), None)
        # a process listed may end before its command line is read (CI: FileNotFoundError)
        dbt = [p for p in descendants(child) if b"dbt" in cmdline(p)]
        if child and dbt:
            started = descendants(child)
            break
        time.sleep(0.2)
    assert started, "dbt never ran"
    os.kill(child, signal.SIGKILL)
    assert proc.wait(timeout=60) == 3
    deadline = time.monotonic() + 10
    while not gone(started) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert gone(started), "dbt or another process of the build was left running"
    log = (warehouse.parent.parent / "build.log").read_text(encoding="utf-8")
    assert "territorial-trade: the build's process was killed by SIGKILL" in log, log[-3000:]
    with DagsterInstance.from_config(str(warehouse.parent / "dagster_home")) as instance:
        left = instance.get_runs(RunsFilter(statuses=[DagsterRunStatus.STARTED]))
        assert left == []
    after = check_invariants(warehouse)
    assert after["version"] == before["version"]
    assert after["raw"] in {before["raw"], 2 * before["raw"]}
    complete_build(warehouse, sources["B"], sources, "--fiches", "none", *REVISE)
    assert check_invariants(warehouse)["raw"] == 2 * before["raw"]


@pytest.mark.slow
def test_sigterm_stops_a_build_within_ten_seconds(tmp_path, sources):
    warehouse = tmp_path / "wh" / "trade.duckdb"
    complete_build(warehouse, sources["A"], sources, "--fiches", "none")
    before = check_invariants(warehouse)
    for delay in (3.0, 12.0, 25.0):
        proc = start_build(warehouse, sources["B"], sources, *REVISE)
        time.sleep(delay)
        workers = descendants(proc.pid)
        sent = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 130
        stopped = time.monotonic() - sent
        assert stopped < 10, f"stopped after {stopped:.1f} s"
        deadline = time.monotonic() + 5  # a killed process may take a moment to be reaped
        while not gone(workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert gone(workers), "a stopped build left a process behind"
        after = check_invariants(warehouse)
        assert after["version"] == before["version"]  # the publication did not move
        assert after["raw"] in {before["raw"], 2 * before["raw"]}  # B promoted whole, or not
    complete_build(warehouse, sources["A"], sources, "--fiches", "none", *REVISE)


@pytest.mark.slow
def test_two_builds_at_once_the_second_is_told_who_holds_the_warehouse(tmp_path, sources):
    warehouse = tmp_path / "wh" / "trade.duckdb"
    first = start_build(warehouse, sources["A"], sources, "--fiches", "none")
    lock = warehouse.with_name(".trade.duckdb.lock")
    deadline = time.monotonic() + 30
    while not (lock.exists() and lock.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)
    env = {**os.environ, "TERRITOIRES_SOURCE": str(sources["territoires"])}
    started = time.monotonic()
    second = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "build", "--year", "2024", "--source",
         str(sources["A"]), "--warehouse", str(warehouse)],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert time.monotonic() - started < 20  # at once, not after the first build
    assert second.returncode == 2
    message = second.stderr.strip().splitlines()
    assert len(message) == 1, second.stderr
    assert f"is busy: territorial-trade build (pid {first.pid}, started 20" in message[0]
    assert "add --wait" in message[0]
    assert first.wait(timeout=600) == 0
    check_invariants(warehouse)


@pytest.mark.slow
def test_build_refuses_a_revision_that_drops_a_department_unless_asked(tmp_path, sources):
    """End to end through the CLI: `build` of a new vintage without Val-d'Oise's exports is
    refused (exit 2, the warehouse and the publication unchanged); with `--accept-revision` the
    option reaches the run and the vintage is promoted."""
    warehouse = tmp_path / "wh" / "trade.duckdb"
    complete_build(warehouse, sources["A"], sources, "--fiches", "none")
    before = check_invariants(warehouse)
    e, i = hand_made_lines()
    revised = tmp_path / "revised"
    make_archive(revised / "202502-Regional-2024-export.zip",
                 [line for line in e if line.split(";")[3] != "95"])  # fmt: skip
    make_archive(revised / "202502-Regional-2024-import.zip", i, "REGIONAL_CPF4PAYSI.txt")
    refused = start_build(warehouse, revised, sources, "--fiches", "none")
    assert refused.wait(timeout=600) == 2
    log = (warehouse.parent.parent / "build.log").read_text(encoding="utf-8")
    assert "to take it, run again with --accept-revision" in log, log[-3000:]
    assert check_invariants(warehouse) == before
    complete_build(warehouse, revised, sources, "--fiches", "none", "--accept-revision")
    after = check_invariants(warehouse)
    assert after["raw"] == before["raw"] - 250  # the one line of 95 (250 €) is gone
    assert after["version"] != before["version"]  # published anew


@pytest.mark.slow
def test_recover_rebuilds_a_damaged_warehouse_from_the_cached_archives(tmp_path, sources):
    """The warehouse file cut in half (a bad copy): `status` names the damage; `recover` keeps
    the file aside and rebuilds the year from `raw/`, with the same figures, offline."""
    warehouse = tmp_path / "wh" / "trade.duckdb"
    complete_build(warehouse, sources["A"], sources, "--fiches", "none")
    before = check_invariants(warehouse)
    data = warehouse.read_bytes()
    warehouse.write_bytes(data[: len(data) // 2])
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "WAREHOUSE_PATH")}
    env["TERRITOIRES_SOURCE"] = str(sources["territoires"])
    status = subprocess.run([sys.executable, "-m", "orchestration.cli", "status", "--warehouse",
                             str(warehouse)], env=env, capture_output=True, text=True)  # fmt: skip
    assert status.returncode == 2 and "is damaged" in status.stderr
    done = subprocess.run([sys.executable, "-m", "orchestration.cli", "recover", "--warehouse",
                           str(warehouse), "--fiches", "none"],
                          env=env, capture_output=True, text=True, timeout=900)  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "rebuilding 2024..2024 from the archives cached in" in done.stdout
    [aside] = warehouse.parent.glob("trade.duckdb.damaged-*")
    assert aside.stat().st_size == len(data) // 2
    after = check_invariants(warehouse)
    assert after["raw"] == before["raw"] and after["db"] == before["db"]
    assert not list((warehouse.parent / "raw").glob(".recover-*"))
