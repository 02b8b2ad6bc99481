"""The one `Definitions` object of the project: `dagster dev -m orchestration.definitions`."""

from collections.abc import Mapping
from typing import Any

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
from orchestration.automation import (
    failure_alert_sensor,
    new_vintage_sensor,
    yearly_refresh_schedule,
)
from orchestration.jobs import JOBS
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


def definitions_with(resources: Mapping[str, Any]) -> Definitions:
    """The project's definitions with these resources: `defs` has those of the environment; the
    command line makes its own from its options (`orchestration/launch.py`), the same jobs."""
    return Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=JOBS,
        schedules=[yearly_refresh_schedule],
        sensors=[new_vintage_sensor, failure_alert_sensor],
        resources=resources,
        # Runs launched from the UI (the job, a backfill, the schedule, the sensor) execute
        # their steps in the run's process, as `build` does: every step writes or reads the one
        # DuckDB file, and a process per step cost a refresh of one year 117 s instead of 59 s
        # (`dagster job execute`, sample scale, 2 cores: 19 steps, each importing the project).
        executor=in_process_executor,
    )


defs = definitions_with(default_resources())
