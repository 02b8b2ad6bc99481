"""A customs département code missing from the seed is an error, not a silent drop."""

from __future__ import annotations

import os
import shutil
import subprocess

import duckdb

from orchestration.project import DBT_PROJECT_DIR, dbt_executable


def dbt_build(warehouse, *args: str) -> subprocess.CompletedProcess:
    """`dbt build <args>` of the project against `warehouse`, output captured; its target folder
    beside the warehouse (the project's own holds the manifest other tests read meanwhile)."""
    return subprocess.run(
        [dbt_executable(), "build", *args,
         "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
         "--target-path", str(warehouse.parent / "dbt-target")],
        env={**os.environ, "WAREHOUSE_PATH": str(warehouse)}, capture_output=True, text=True,
    )  # fmt: skip


def test_unknown_department_code_fails_the_dbt_build(hand_built, tmp_path):
    warehouse = tmp_path / "trade.duckdb"
    shutil.copyfile(hand_built, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "INSERT INTO raw.customs_trade SELECT * REPLACE ('ZZ' AS department_code) "
            "FROM raw.customs_trade LIMIT 1"
        )
    done = dbt_build(warehouse, "--select", "stg_customs__trade", "int_trade__annual_by_department")
    assert done.returncode != 0
    assert "FAIL 1 relationships_stg_customs__trade_customs_department_code" in done.stdout
    # the model that would have dropped the row is not built on top of it
    assert "SKIP relation intermediate.int_trade__annual_by_department" in done.stdout


def test_a_department_whose_exports_are_all_zero_builds(hand_built, tmp_path):
    """Its lines are there, every value 0: the Sankey rows sum to 0 where no total is above 0."""
    warehouse = tmp_path / "trade.duckdb"
    shutil.copyfile(hand_built, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "UPDATE raw.customs_trade SET value_eur = 0 WHERE department_code = '95' AND flow = 'E'"
        )
    done = dbt_build(warehouse, "--full-refresh", "--select", "+top_flows", "+trade_totals")
    assert done.returncode == 0, done.stdout[-3000:]
    assert "PASS assert_top_flows_sum_to_totals" in done.stdout
    with duckdb.connect(str(warehouse), read_only=True) as con:
        zero = con.execute(
            "SELECT count(*), sum(value_eur) FROM marts.top_flows "
            "WHERE area_code = '95' AND level = 'department' AND flow = 'export'"
        ).fetchone()
    assert zero[0] > 0 and zero[1] == 0
