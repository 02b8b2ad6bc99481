"""The dbt models that read the raw lines are incremental by year: a new or reloaded year is
built, the others are left as they are, and the marts come out the same as from a full build."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from tests.conftest import hand_made_lines, year_lines
from tests.helpers import make_archive

INCREMENTAL = ["int_trade__annual_by_department", "int_trade__quarterly_by_area",
               "int_trade__by_area", "int_trade__by_product_level",
               "int_trade__flows_ranked"]  # fmt: skip


def _archives(folder: Path, year: int, lines: tuple[list[str], list[str]]) -> None:
    make_archive(folder / f"202501-Regional-{year}-export.zip", lines[0])
    make_archive(folder / f"202501-Regional-{year}-import.zip", lines[1],
                 "REGIONAL_CPF4PAYSI.txt")  # fmt: skip


def _resources(root: Path, source: Path, accept_revision: bool = False) -> dict:
    from orchestration.resources import run_resources

    return run_resources(root / "trade.duckdb", source=str(source),
                         territoires_source=str(root / "ti.csv"),
                         accept_revision=accept_revision)  # fmt: skip


def _build(root: Path, year: int, lines: tuple[list[str], list[str]]) -> None:
    """Load `year` again from `lines` (its raw checks included) and build the dbt models (their
    dbt tests included); not the mart suites, the publication, the exports nor the docs."""
    from dagster import AssetKey, AssetSelection, materialize

    from orchestration.definitions import ASSETS, CHECKS

    folder = root / "src-again"
    _archives(folder, year, lines)
    resources = _resources(root, folder, accept_revision=True)  # figures tripled on purpose
    skip = AssetSelection.assets(AssetKey(["exports", "fiches"]),
                                 AssetKey(["exports", "chart_datasets"]),
                                 AssetKey(["publication", "published_marts"]),
                                 AssetKey(["publication", "dbt_docs"]))  # fmt: skip
    selection = AssetSelection.all() - skip - AssetSelection.checks(*CHECKS)
    result = materialize([*ASSETS, *CHECKS], selection=selection,
                         partition_key=str(year), resources=resources)  # fmt: skip
    assert result.success


def _rows(con, table: str) -> dict[int, tuple]:
    """Per year: (load_id, when its rows were built, their count, the sum of their values)."""
    out = con.execute(
        f"SELECT year, min(load_id), list(DISTINCT built_at), count(*), sum(value_eur) "
        f"FROM intermediate.{table} GROUP BY year"
    ).fetchall()
    return {r[0]: r[1:] for r in out}


def test_a_range_is_built_once_and_recorded_for_each_of_its_years(three_years):
    """`build --year 2019,2023,2024 --fiches none` (`launch.build_years`, the shared three-year
    build): the warehouse stage is one run for the range, dbt once, the marts' partitions of the
    years materialized (what the lineage view shows); the chart datasets of the last year only,
    in a run of their own."""
    from dagster import AssetKey, DagsterInstance

    root = three_years.parent
    with DagsterInstance.local_temp(tempdir=str(root / "dagster")) as instance:

        def years(*path: str) -> list[str]:
            return sorted(instance.get_materialized_partitions(AssetKey(list(path))))

        assert years("raw", "customs_trade") == ["2019", "2023", "2024"]
        assert years("marts", "trade_totals") == years("intermediate", "int_trade__by_area")
        assert {"2019", "2023", "2024"} <= set(years("marts", "trade_totals"))
        assert years("exports", "chart_datasets") == ["2024"]
        assert years("exports", "fiches") == []
        published = instance.get_latest_materialization_event(
            AssetKey(["publication", "published_marts"]))  # fmt: skip
        assert published is not None
    assert (root / "exports" / "2024" / "department" / "92" / "totals.json").exists()
    assert not (root / "exports" / "2023").exists()


@pytest.fixture(scope="module")
def reloaded(three_years, tmp_path_factory):
    """The three years built; then 2024 loaded again with other figures and built again (on a
    copy of the shared build)."""
    root = tmp_path_factory.mktemp("reloaded") / "build"
    shutil.copytree(three_years.parent, root, symlinks=True)
    warehouse = root / "trade.duckdb"
    e, i = hand_made_lines()
    with duckdb.connect(str(warehouse)) as con:
        before = {t: _rows(con, t) for t in INCREMENTAL}
        # 2023 of the quarterly model as an earlier version of the models would have left it
        con.execute("UPDATE intermediate.int_trade__quarterly_by_area "
                    "SET code_version = 'an earlier version' WHERE year = 2023")  # fmt: skip
    _build(root, 2024, (year_lines(e, 2024, 3.0), year_lines(i, 2024, 3.0)))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        after = {t: _rows(con, t) for t in INCREMENTAL}
        promoted = dict(con.execute(
            "SELECT DISTINCT year, load_id FROM raw.customs_loads WHERE status = 'promoted'"
        ).fetchall())  # fmt: skip
    return warehouse, before, after, promoted


@pytest.mark.parametrize("table", INCREMENTAL)
def test_a_reloaded_year_is_rebuilt_and_the_others_left_alone(reloaded, table):
    _, before, after, promoted = reloaded
    if table != "int_trade__quarterly_by_area":
        assert after[table][2023] == before[table][2023]  # same load and SQL: not rewritten
    else:  # rows built by an earlier version of the models' SQL: built again
        assert after[table][2023][1] != before[table][2023][1]
        assert after[table][2023][2:] == before[table][2023][2:]
    assert before[table][2024][0] != promoted[2024]  # built from the first load of 2024
    assert after[table][2024][0] == promoted[2024]  # then from the one promoted since
    assert after[table][2024][1] != before[table][2024][1]  # built again
    assert after[table][2024][3] == pytest.approx(3 * before[table][2024][3], rel=1e-6)


def test_marts_are_those_of_a_full_build(reloaded, tmp_path):
    """The same warehouse rebuilt from nothing (`dbt run --full-refresh`) has the same marts."""
    from orchestration.project import DBT_PROJECT_DIR, dbt_executable

    warehouse = reloaded[0]
    full = tmp_path / "full.duckdb"
    shutil.copyfile(warehouse, full)
    subprocess.run(
        [dbt_executable(), "run", "--full-refresh", "--quiet", "--project-dir",
         str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path",
         str(tmp_path / "dbt-target")],
        check=True,
        env={**os.environ, "WAREHOUSE_PATH": str(full), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
    )  # fmt: skip
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{warehouse}' AS inc (READ_ONLY)")
        con.execute(f"ATTACH '{full}' AS ful (READ_ONLY)")
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'inc' "
            "AND schema_name = 'marts'"
        ).fetchall()]  # fmt: skip
        assert len(tables) >= 10
        for table in [*tables, *INCREMENTAL]:
            schema = "intermediate" if table in INCREMENTAL else "marts"
            a, b = f"inc.{schema}.{table}", f"ful.{schema}.{table}"
            columns = "* EXCLUDE (built_at)" if table in INCREMENTAL else "*"
            for left, right in ((a, b), (b, a)):
                extra = con.execute(
                    f"SELECT count(*) FROM (SELECT {columns} FROM {left} "
                    f"EXCEPT ALL SELECT {columns} FROM {right})"
                ).fetchone()[0]
                assert extra == 0, (table, left)
