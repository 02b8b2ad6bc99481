"""Fault campaign, one lock for every path: a Dagster run (launched from the UI, the schedule or
the sensor) and the CLI's `build`, `tariffs` and `publish` never write one warehouse at once.
The second writer is refused at once, in one line naming the holder, and writes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time

from dagster import DagsterInstance

from orchestration.definitions import defs
from orchestration.launch import USER_ERRORS, _failures
from orchestration.warehouse import (
    INHERITED_LOCK_ENV,
    build_lock,
    holds_inherited_lock,
    lock_path,
)

# A run of a job whose one asset asks for the project's WarehouseResource (as every asset that
# writes does) and holds on until told to end: the lock it takes is the one every run takes.
HOLDING_RUN = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from dagster import Definitions, DagsterInstance, asset, define_asset_job
    from orchestration.resources import WarehouseResource

    warehouse, started, release = (Path(a) for a in sys.argv[1:4])

    @asset
    def held(warehouse: WarehouseResource) -> None:
        started.write_text("run started")
        while not release.exists():
            time.sleep(0.05)

    defs = Definitions(assets=[held], jobs=[define_asset_job("hold_the_warehouse")],
                       resources={"warehouse": WarehouseResource(path=str(warehouse))})
    result = defs.get_job_def("hold_the_warehouse").execute_in_process(
        instance=DagsterInstance.ephemeral(), raise_on_error=False)
    sys.exit(0 if result.success else 1)
""")


def cli(*argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "orchestration.cli", *argv], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_the_cli_is_refused_while_a_dagster_run_holds_the_warehouse(tmp_path):
    """A run launched from the UI holds the warehouse from its first step to its last: `build`,
    `publish` and a rollback in the meantime are refused, naming the run; after it, they go."""
    warehouse = tmp_path / "wh" / "trade.duckdb"
    started, release = tmp_path / "started", tmp_path / "release"
    script = tmp_path / "holding_run.py"
    script.write_text(HOLDING_RUN, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != INHERITED_LOCK_ENV}
    run = subprocess.Popen([sys.executable, str(script), str(warehouse), str(started),
                            str(release)], env=env)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert started.exists(), "the holding run never started"
        holder = json.loads(lock_path(warehouse).read_text(encoding="utf-8"))
        assert holder["pid"] == run.pid
        for argv in (
            ["build", "--year", "2023", "--source", "synthetic", "--warehouse", str(warehouse)],
            ["publish", "--warehouse", str(warehouse)],
            ["publish", "--rollback", "--warehouse", str(warehouse)],
        ):
            refused = cli(*argv, env=env)
            assert refused.returncode == 2, refused.stderr
            lines = refused.stderr.strip().splitlines()
            assert len(lines) == 1, refused.stderr
            assert f"the warehouse {warehouse} is busy: the Dagster run " in lines[0]
            assert f"of hold_the_warehouse (pid {run.pid}, started 20" in lines[0]
        assert sorted(p.name for p in warehouse.parent.iterdir()) == [".trade.duckdb.lock"]
    finally:
        release.write_text("go")
        assert run.wait(timeout=60) == 0
    with build_lock(warehouse, "publish"):  # released with the run
        pass


def test_a_run_launched_from_the_ui_is_refused_while_the_cli_holds_the_warehouse(
    tmp_path, monkeypatch
):
    """The UI's job (`refresh_year`) while `territorial-trade build` holds the lock: the run
    fails before its first step, with the one line a user error gets, naming the build."""
    warehouse = tmp_path / "wh" / "trade.duckdb"
    monkeypatch.setenv("WAREHOUSE_PATH", str(warehouse))
    monkeypatch.setenv("CUSTOMS_SOURCE", "synthetic")
    monkeypatch.delenv(INHERITED_LOCK_ENV, raising=False)
    with build_lock(warehouse, "build"):
        result = defs.resolve_job_def("refresh_year").execute_in_process(
            partition_key="2023", instance=DagsterInstance.ephemeral(), raise_on_error=False
        )
    assert not result.success
    [(step, cls, message)] = _failures(result)
    assert (step, cls) == ("resources", "WarehouseBusy")
    assert cls in USER_ERRORS  # the CLI and the display print it as one line, exit 2
    assert message.startswith(f"the warehouse {warehouse} is busy: territorial-trade build (pid ")
    assert not any(e.event_type_value == "STEP_START" for e in result.all_events)
    assert sorted(p.name for p in warehouse.parent.iterdir()) == [".trade.duckdb.lock"]


def test_a_build_s_own_runs_use_the_lock_their_parent_holds(tmp_path, monkeypatch):
    """`build` takes the lock, then runs Dagster in a child that inherits the descriptor: the
    child's runs recognise it, and nothing else passes for it."""
    warehouse = tmp_path / "trade.duckdb"
    other = tmp_path / "other.duckdb"
    with build_lock(warehouse, "build") as fd:
        monkeypatch.setenv(INHERITED_LOCK_ENV, str(fd))
        assert holds_inherited_lock(warehouse)
        assert not holds_inherited_lock(other)  # another warehouse's lock: not this one
        with lock_path(warehouse).open("rb") as stranger:  # the file, but not the holder's
            monkeypatch.setenv(INHERITED_LOCK_ENV, str(stranger.fileno()))
            assert not holds_inherited_lock(warehouse)
        monkeypatch.setenv(INHERITED_LOCK_ENV, "not a number")
        assert not holds_inherited_lock(warehouse)
    monkeypatch.setenv(INHERITED_LOCK_ENV, "987")  # closed
    assert not holds_inherited_lock(warehouse)


# A build whose Dagster instance check takes long enough for a SIGTERM to land in it, before the
# build's child is started (so before `run_stoppable` relays signals): the window where a stop
# request used to kill the command outright (exit -15, no message), seen in CI under load.
EARLY_SIGTERM = textwrap.dedent("""
    import os, signal, sys, time
    from pathlib import Path
    from orchestration import cli

    started = Path(sys.argv[1])

    def slow_check(warehouse, command):
        started.write_text("checking the instance")
        time.sleep(60)

    cli._checked_instance = slow_check
    sys.exit(cli.main(sys.argv[2:]))
""")


def test_sigterm_before_the_build_starts_is_a_clean_stop(tmp_path):
    warehouse = tmp_path / "wh" / "trade.duckdb"
    source = tmp_path / "src"
    source.mkdir()
    started = tmp_path / "started"
    script = tmp_path / "early_sigterm.py"
    script.write_text(EARLY_SIGTERM, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script), str(started), "build", "--year", "2023", "--source",
         str(source), "--warehouse", str(warehouse)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.exists(), proc.communicate(timeout=5)
    proc.terminate()  # SIGTERM, as a service manager or `kill` sends it
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == ["territorial-trade build: interrupted"]
    with build_lock(warehouse, "build", wait=False):  # the lock was let go
        pass
    assert not warehouse.exists()  # nothing was written
