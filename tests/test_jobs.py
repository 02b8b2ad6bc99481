"""The command line runs the jobs of `Definitions`, the UI's, and nothing of its own."""

from __future__ import annotations

from pathlib import Path

from dagster import DagsterInstance

from orchestration.definitions import defs
from orchestration.jobs import JOBS


def _assets(job: str) -> set:
    return set(defs.resolve_job_def(job).asset_layer.executable_asset_keys)


def _checks(job: str) -> set:
    return set(defs.resolve_job_def(job).asset_layer.asset_graph.asset_check_keys)


def test_the_stages_of_a_range_are_the_ui_job_in_three_parts():
    """`load_year`, `build_warehouse` and `render_year` share no asset and together are
    `refresh_year`, assets and checks: a range built from the command line builds what the UI's
    job builds, year by year."""
    stages = ["load_year", "build_warehouse", "render_year"]
    parts = [_assets(job) for job in stages]
    assert set.union(*parts) == _assets("refresh_year")
    assert sum(len(p) for p in parts) == len(_assets("refresh_year"))
    assert set.union(*[_checks(job) for job in stages]) == _checks("refresh_year")
    assert {job.name for job in JOBS} == {"refresh_year", "apply_tariff_scenarios", *stages}


def test_the_tariff_job_rebuilds_the_tariff_marts_and_not_the_rest():
    assets = {key.to_user_string() for key in _assets("apply_tariff_scenarios")}
    assert "raw/tariff_scenarios" in assets and "publication/published_marts" in assets
    assert {"marts/tariff_exposure", "marts/tariff_exposure_products"} <= assets
    assert not assets & {"marts/trade_totals", "raw/customs_trade", "publication/dbt_docs",
                         "exports/chart_datasets", "exports/fiches"}  # fmt: skip


def _runs(folder: Path) -> list:
    with DagsterInstance.from_config(str(folder / "dagster")) as instance:
        return [record.dagster_run for record in instance.get_run_records()][::-1]


def test_a_year_built_from_the_command_line_is_one_run_of_the_ui_job(hand_built):
    """`build --year 2024` is the UI's `refresh_year` for partition 2024, whole (fiches
    included), recorded in the instance as a run launched from the UI would be."""
    (run,) = _runs(hand_built.parent)
    assert run.job_name == "refresh_year" and run.is_success
    assert run.tags["dagster/partition"] == "2024"
    assert not run.asset_selection  # the whole job, no subset


def test_a_range_built_from_the_command_line_runs_the_declared_stage_jobs(three_years):
    """`build --year 2019,2023,2024 --fiches none`: `load_year` per year, `build_warehouse`
    once over the range, `render_year` of the last year without its fiches."""
    runs = _runs(three_years.parent)
    assert [(r.job_name, r.tags["territorial_trade/year"]) for r in runs] == [
        ("load_year", "2019"), ("load_year", "2023"), ("load_year", "2024"),
        ("build_warehouse", "2024"), ("render_year", "2024")]  # fmt: skip
    warehouse_run, pages_run = runs[3], runs[4]
    assert warehouse_run.tags["dagster/asset_partition_range_start"] == "2019"
    assert set(pages_run.asset_selection) == _assets("render_year") - {
        key for key in _assets("render_year") if key.path[-1] == "fiches"
    }
