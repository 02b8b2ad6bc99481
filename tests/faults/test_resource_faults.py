"""Fault campaign, resources: memory and disk space running out, in a Dagster step, in dbt and in
a command of the CLI, end in one line naming what ran out and where, with exit code 3; a memory
limit too small for any build is refused before anything runs."""

from __future__ import annotations

import duckdb
import pytest
from dagster import asset, materialize

from orchestration import cli
from orchestration.exhaustion import DISK_FULL, EXIT_EXHAUSTED, OUT_OF_MEMORY, exhausted
from orchestration.jobs import YearOutcome, _failures


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


def test_out_of_memory_in_a_step_is_one_line_and_exit_code_3(capsys, monkeypatch):
    monkeypatch.setenv("DUCKDB_MEMORY_LIMIT", "512MB")
    result = materialize([hungry], raise_on_error=False)
    [(step, kind, line)] = _failures(result)
    assert (step, kind) == ("hungry", OUT_OF_MEMORY)
    assert line.startswith("out of memory in step hungry: ")
    assert "DUCKDB_MEMORY_LIMIT=512MB" in line and "raise it" in line
    outcome = YearOutcome(2024, False, result.run_id, _failures(result), stage="load")
    cli._report(outcome)
    printed = capsys.readouterr().out.splitlines()
    assert printed[1] == f"  hungry: {line}"  # the message alone, no class, no traceback
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
