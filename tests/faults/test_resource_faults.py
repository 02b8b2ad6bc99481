"""Fault campaign, resources: memory and disk space running out, in a Dagster step, in dbt and in
a command of the CLI, end in one line naming what ran out and where, with exit code 3; a memory
limit too small for any build is refused before anything runs."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from dagster import asset, materialize

from orchestration import cli, stopping
from orchestration.exhaustion import (
    DISK_FULL,
    EXIT_EXHAUSTED,
    KILLED,
    OUT_OF_MEMORY,
    exception_line,
    exhausted,
)
from orchestration.fiches.batch import Workers
from orchestration.launch import YearOutcome, _failures, error_lines
from tests.faults.page_jobs import render_or_be_killed


@asset
def hungry() -> None:
    """A query that cannot spill (one list of five million numbers) under a 4 MB limit."""
    with duckdb.connect(config={"memory_limit": "4MB", "threads": "1"}) as con:
        con.execute("SELECT list(i) FROM range(5000000) t(i)").fetchall()


@asset
def writer() -> None:
    """A write to a device with no space left: Linux's /dev/full answers ENOSPC."""
    with open("/dev/full", "w", encoding="utf-8") as out:
        out.write("x" * 100_000)


@asset
def pages() -> None:
    """Eight pages on the page workers; the fourth one's worker is killed (SIGKILL)."""
    with Workers() as workers:
        workers.run(render_or_be_killed, list(range(8)), "fiches", None)


def test_a_page_worker_killed_stops_the_step_in_one_line_and_exit_code_3(monkeypatch):
    """A page worker killed by the out-of-memory killer (SIGKILL): the step fails at once with
    one line naming the signal and what was kept, exit 3 (the pool it replaced waited forever
    for the page the dead worker held)."""
    import threading

    monkeypatch.setattr("orchestration.fiches.batch.os.cpu_count", lambda: 2)  # two workers
    done: list = []
    thread = threading.Thread(
        target=lambda: done.append(materialize([pages], raise_on_error=False)), daemon=True
    )
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive(), "the run waits for a page that a dead worker held"
    [result] = done
    [(step, kind, line)] = _failures(result)
    assert (step, kind) == ("pages", KILLED)
    assert line.startswith(
        "a page worker was killed by SIGKILL (the system's out-of-memory killer sends SIGKILL "
        "when memory runs out) while rendering fiches: "
    )
    assert line.endswith(" of 8 rendered and kept; run again to render the others")
    outcome = YearOutcome(2024, False, result.run_id, _failures(result), stage="exports")
    assert error_lines(outcome) == [f"  pages: {line}"]
    assert cli._exit_code([outcome]) == EXIT_EXHAUSTED


def test_out_of_memory_in_a_step_is_one_line_and_exit_code_3(monkeypatch):
    monkeypatch.setenv("DUCKDB_MEMORY_LIMIT", "512MB")
    result = materialize([hungry], raise_on_error=False)
    [(step, kind, line)] = _failures(result)
    assert (step, kind) == ("hungry", OUT_OF_MEMORY)
    assert line.startswith("out of memory in step hungry: ")
    assert "DUCKDB_MEMORY_LIMIT=512MB" in line and "raise it" in line
    outcome = YearOutcome(2024, False, result.run_id, _failures(result), stage="load")
    # the message alone, no class, no traceback
    assert error_lines(outcome) == [f"  hungry: {line}"]
    assert cli._exit_code([outcome]) == EXIT_EXHAUSTED == 3


def test_disk_full_in_a_step_is_one_line_and_exit_code_3():
    result = materialize([writer], raise_on_error=False)
    [(step, kind, line)] = _failures(result)
    assert (step, kind) == ("writer", DISK_FULL)
    assert line.startswith("disk full in step writer: no space left on the device; free space")
    outcome = YearOutcome(2024, False, result.run_id, _failures(result))
    assert cli._exit_code([outcome]) == 3


def test_disk_full_in_a_command_is_one_line_and_exit_code_3(capsys, monkeypatch, tmp_path):
    def status(args):
        with open("/dev/full", "w", encoding="utf-8") as out:
            out.write("x" * 100_000)

    monkeypatch.setattr(cli, "cmd_status", status)  # the parser binds it when it is built
    assert cli.main(["status", "--warehouse", str(tmp_path / "trade.duckdb")]) == 3
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("territorial-trade status: error: disk full in status")


def test_out_of_memory_in_dbt_names_the_model():
    """The text a failed `dbt build` leaves in dagster-dbt's error (from a build of the sample
    year under DUCKDB_MEMORY_LIMIT=64MB, 2026-12-01): the model is named, not the cut message
    « The dbt CLI process with command »."""
    text = (
        "The dbt CLI process with command\n\n`dbt build --indirect-selection buildable`\n\n"
        "failed with exit code `1`.\n\nErrors parsed from dbt logs:\n\n"
        "Runtime Error in model int_trade__flows_ranked "
        "(models/intermediate/int_trade__flows_ranked.sql)\n"
        "  Out of Memory Error: failed to allocate data of size 16.0 KiB (61.0 MiB/61.0 MiB used)"
    )
    kind, line = exhausted("DagsterDbtCliRuntimeError", text, "step trade_dbt_models", "64MB")
    assert kind == OUT_OF_MEMORY
    assert line.startswith(
        "out of memory in step trade_dbt_models (dbt int_trade__flows_ranked): failed to "
        "allocate data of size 16.0 KiB (61.0 MiB/61.0 MiB used); DuckDB may use "
        "DUCKDB_MEMORY_LIMIT=64MB per process"
    )
    assert exhausted("DagsterDbtCliRuntimeError", "Failure in test not_null_x", "s", "1GB") is None


@pytest.mark.parametrize("limit", ["0B", "16MB", "100MB"])
def test_a_memory_limit_no_build_fits_in_is_refused_before_anything_runs(
    capsys, monkeypatch, tmp_path, limit
):
    monkeypatch.setenv("DUCKDB_MEMORY_LIMIT", limit)
    warehouse = tmp_path / "wh" / "trade.duckdb"
    assert cli.main(["build", "--year", "2024", "--source", "synthetic",
                     "--warehouse", str(warehouse)]) == 2  # fmt: skip
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"territorial-trade build: error: DUCKDB_MEMORY_LIMIT={limit!r}: ")
    assert "below the 128MB that the smallest build needs" in line
    assert not warehouse.parent.exists()


def test_sqlite_s_disk_io_error_is_disk_full_when_no_space_is_left():
    """Dagster's run and event stores (SQLite) say only « disk I/O error » when a write finds the
    disk full (seen in a whole build on a full file system, 2026-12-02): taken for a full disk
    when the warehouse's file system has (nearly) nothing left, not otherwise."""
    error = sqlite3.OperationalError("disk I/O error")
    line = exception_line(error, "build", "1GB", free_bytes=0)
    assert line is not None and line.startswith("disk full in build: no space left on the device")
    assert exception_line(error, "build", "1GB", free_bytes=50 * 1024**3) is None
    assert exception_line(error, "build", "1GB") is None  # space unknown: not guessed


def test_a_full_disk_under_the_log_keeps_the_display_and_says_the_log_is_cut(capsys):
    """The build's log on a device with no space left (Linux's /dev/full): the display goes on,
    the command's own last line is shown even after a record the full disk left unfinished, and
    one line says the log is cut (it was a traceback of the display's thread, and no line)."""
    child = (
        "import sys; from orchestration.display import Reporter;"
        " Reporter(events=True).starting('2024', 'load'); sys.stdout.write('half a record');"
        "sys.stdout.flush(); print('territorial-trade build: error: disk full in build: …',"
        " file=sys.stderr)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", child], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    reader = stopping._follow(proc, Path("/dev/full"))
    assert proc.wait(timeout=60) == 0
    reader.join(timeout=30)
    assert not reader.is_alive()
    shown = capsys.readouterr()
    assert shown.out.splitlines() == ["2024 load"]
    assert shown.err.splitlines() == [
        "territorial-trade build: error: disk full in build: …",
        "territorial-trade: the log /dev/full is cut (No space left on device)",
    ]


@pytest.mark.slow
def test_a_whole_build_on_a_full_file_system_is_one_line_then_builds_once_there_is_room(tmp_path):
    """A real build whose warehouse folder is on a 40 MB file system (tmpfs: root only): the
    disk fills during the warehouse stage. One line, exit 3, the display intact; once there is
    room (the same file system made larger), the next build completes and publishes."""
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {made.stderr.decode().strip()}")
    try:
        warehouse = mount / "w" / "trade.duckdb"
        argv = [sys.executable, "-m", "orchestration.cli", "build", "--year", "2024", "--source",
                "synthetic", "--fiches", "none", "--warehouse", str(warehouse)]  # fmt: skip
        env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "WAREHOUSE_PATH")}
        full = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=900)
        assert full.returncode == EXIT_EXHAUSTED, full.stdout + full.stderr
        assert "Traceback" not in full.stdout + full.stderr
        ours = [x for x in full.stderr.splitlines() if x.startswith("territorial-trade")]
        # the failure, and the log's own line when the disk filled under it too
        assert ours[0].startswith("territorial-trade build: error: disk full in "), ours
        for cut in ours[1:]:
            assert cut.startswith(f"territorial-trade: the log {mount}/w/logs/build-"), ours
            assert cut.endswith(" is cut (No space left on device)"), ours
        assert len(ours) <= 2, ours
        line = ours[0]
        assert "free space where the warehouse lives" in line
        assert full.stdout.splitlines()[0] == "2024 refresh"  # the display went on
        subprocess.run(["mount", "-o", "remount,size=2g", str(mount)], check=True)
        again = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=1800)
        assert again.returncode == 0, again.stdout + again.stderr
        assert "2024 refresh: ok" in again.stdout
        with duckdb.connect(str(warehouse), read_only=True) as con:
            levels = con.execute(
                "SELECT level, count(*) FROM marts.trade_totals WHERE year = 2024 GROUP BY ALL"
            ).fetchall()
        assert dict(levels) == {"department": 101, "region": 18, "france": 1}
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
