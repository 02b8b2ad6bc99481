"""The one `Definitions` object of the project: `dagster dev -m orchestration.definitions`."""

from dagster import Definitions, in_process_executor

from orchestration.assets.checks import suite_checks
from orchestration.assets.dbt import trade_dbt_models
from orchestration.assets.exports import chart_datasets, fiches
from orchestration.assets.publication import dbt_docs, published_marts
from orchestration.assets.raw import (
    customs_archives,
    raw_customs_tables,
    tariff_scenarios,
    territoires_industrie,
)
from orchestration.automation import new_vintage_sensor, refresh_year_job, yearly_refresh_schedule
from orchestration.resources import default_resources

ASSETS = [
    customs_archives,
    raw_customs_tables,
    territoires_industrie,
    tariff_scenarios,
    trade_dbt_models,
    chart_datasets,
    fiches,
    published_marts,
    dbt_docs,
]
CHECKS = suite_checks

defs = Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[refresh_year_job],
    schedules=[yearly_refresh_schedule],
    sensors=[new_vintage_sensor],
    resources=default_resources(),
    # Runs launched from the UI (the job, a backfill, the schedule, the sensor) execute their
    # steps in the run's process, as `build` does: every step writes or reads the one DuckDB
    # file, and a process per step cost a refresh of one year 117 s instead of 59 s
    # (`dagster job execute`, sample scale, 2 cores: 19 steps, each importing the project).
    executor=in_process_executor,
)
