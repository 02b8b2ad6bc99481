"""A customs département code missing from the seed is an error, not a silent drop."""

from __future__ import annotations

import os
import shutil
import subprocess

import duckdb

from orchestration.project import DBT_PROJECT_DIR, dbt_executable


def test_unknown_department_code_fails_the_dbt_build(hand_built, tmp_path):
    warehouse = tmp_path / "trade.duckdb"
    shutil.copyfile(hand_built, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "INSERT INTO raw.customs_trade SELECT * REPLACE ('ZZ' AS department_code) "
            "FROM raw.customs_trade LIMIT 1"
        )
    done = subprocess.run(
        [dbt_executable(), "build", "--select", "stg_customs__trade",
         "int_trade__annual_by_department",
         "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)],
        env={**os.environ, "WAREHOUSE_PATH": str(warehouse)}, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode != 0
    assert "FAIL 1 relationships_stg_customs__trade_customs_department_code" in done.stdout
    # the model that would have dropped the row is not built on top of it
    assert "SKIP relation intermediate.int_trade__annual_by_department" in done.stdout
