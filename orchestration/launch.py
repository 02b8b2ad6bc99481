"""Launching the jobs of `Definitions` (`orchestration/jobs.py`) in-process for given years, the
runs recorded in the Dagster instance as the UI's are.

The CLI (`build`, `demo`, `tariffs`) and the tests come through here: one year is one run of
`refresh_year`, the UI's job; a range of years is `load_year` per year, `build_warehouse` once
and `render_year` per year with pages. The first failure stops the range.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dagster import AssetKey, DagsterInstance
from dagster._core.storage.tags import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)
from dagster._core.utils import make_new_run_id

from orchestration.assets.exports import FICHES
from orchestration.charts import charts_reading
from orchestration.definitions import definitions_with
from orchestration.display import STAGES as SHOWN_STEPS
from orchestration.display import Reporter
from orchestration.errors import failure_line, step_failure, user_error_names
from orchestration.exhaustion import KINDS

# Errors that come from what the user gave (options, source, files, data), not from a bug.
USER_ERRORS = user_error_names()


@dataclass
class YearOutcome:
    year: int
    success: bool
    run_id: str
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (step, class, message)
    stage: str = "load"  # refresh | load | warehouse | exports | tariffs
    first: int | None = None  # a run over the years first..year (the warehouse stage)

    @property
    def years(self) -> str:
        """The year, or the range of years, the run was for: "2024", "2019..2024"."""
        if self.first is None or self.first == self.year:
            return str(self.year)
        return f"{self.first}..{self.year}"

    @property
    def interrupted(self) -> bool:
        return any(cls == "DagsterExecutionInterruptedError" for _, cls, _ in self.errors)

    @property
    def exhausted(self) -> bool:
        """Memory or disk space ran out (`orchestration.exhaustion`)."""
        return bool(self.errors) and all(cls in KINDS for _, cls, _ in self.errors)

    @property
    def user_error(self) -> bool:
        return bool(self.errors) and all(cls in USER_ERRORS for _, cls, _ in self.errors)


def _failures(result) -> list[tuple[str, str, str]]:
    """(step, class, message) of each failed step, and of a failed setup of the run's resources
    (e.g. the warehouse lock held by another writer), which fails the run before any step."""
    out = []
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            error = event.step_failure_data.error
        elif event.event_type_value == "RESOURCE_INIT_FAILURE":
            error = getattr(event.event_specific_data, "error", None)
        else:
            continue
        if error is not None:
            out.append(step_failure(event.step_key or "resources", error))
    return out


# The stage each job is shown as, on the terminal and in the runs' tags
STAGES = {"refresh_year": "refresh", "load_year": "load", "build_warehouse": "warehouse",
          "render_year": "exports", "apply_tariff_scenarios": "tariffs"}  # fmt: skip


def _run(
    year: int,
    job: str,
    first: int | None = None,
    *,
    leave_out: frozenset[AssetKey] = frozenset(),
    resources: dict,
    instance: DagsterInstance,
    run_config: dict | None = None,
    outcomes: list[YearOutcome],
    reporter: Reporter | None,
) -> YearOutcome:
    """One run of the job named `job` (of `Definitions`, with `resources`) for `year`'s
    partition, or for the range `first`..`year`, without the assets of `leave_out`; recorded in
    `outcomes` and, with a `reporter`, reported as it goes (`relay`)."""
    definition = definitions_with(resources).resolve_job_def(job)
    stage = STAGES[job]
    outcome = YearOutcome(year, False, "", stage=stage, first=first)
    run_id = make_new_run_id()
    if reporter is not None:
        reporter.starting(outcome.years, stage)
        instance.add_event_listener(run_id, relay(reporter))
    partition: dict = {"partition_key": str(year)}
    tags = {"territorial_trade/year": str(year), "territorial_trade/stage": stage,
            "territorial_trade/pid": str(os.getpid())}  # fmt: skip
    if first is not None and first != year:
        partition = {}  # the range is in the tags
        tags |= {ASSET_PARTITION_RANGE_START_TAG: str(first),
                 ASSET_PARTITION_RANGE_END_TAG: str(year)}  # fmt: skip
    selection = None
    if leave_out:
        keys = definition.asset_layer.executable_asset_keys  # the job's own assets
        selection = sorted(keys - leave_out)
    result = definition.execute_in_process(
        run_config=run_config,
        instance=instance,
        raise_on_error=False,
        asset_selection=selection,
        tags=tags,
        run_id=run_id,
        **partition,
    )
    outcome.success, outcome.run_id = result.success, result.run_id
    outcome.errors = _failures(result)
    outcomes.append(outcome)
    if reporter is not None:
        reporter.finished(outcome.years, stage, outcome.success, outcome.run_id,
                          error_lines(outcome))  # fmt: skip
    return outcome


def relay(reporter: Reporter) -> Callable[[Any], None]:
    """A listener of a run's events in the instance (`DagsterInstance.add_event_listener`):
    each stage's step succeeding, with its duration, and each check evaluated, reported as they
    are stored (structured events, not their log text)."""

    def on_event(entry: Any) -> None:
        event = entry.dagster_event
        if event is None:
            return
        try:
            if event.event_type_value == "STEP_SUCCESS" and event.step_key in SHOWN_STEPS:
                reporter.stage(event.step_key, event.event_specific_data.duration_ms / 1000)
            elif event.event_type_value == "ASSET_CHECK_EVALUATION":
                data = event.event_specific_data
                reporter.check(data.check_name, bool(data.passed))
        except OSError:  # the display is gone (its parent was stopped): the run goes on
            pass

    return on_event


def error_lines(outcome: YearOutcome) -> list[str]:
    """One line per failed step of a run: a user error or memory or disk running out as its
    message alone, anything else with its class (a bug: the log has the traceback)."""
    return [f"  {step}: {failure_line(cls, message)}" for step, cls, message in outcome.errors]


def build_years(
    years: list[int],
    *,
    resources: dict,
    instance: DagsterInstance,
    fiche_years: set[int],
    reporter: Reporter | None = None,
    run_config: dict | None = None,
) -> list[YearOutcome]:
    """Build `years`, each run recorded in the instance. One year: one run of `refresh_year`
    (its fiches left out unless it is in `fiche_years`). A range, in three stages:

    1. `load_year`: each year's raw assets and their checks, in order (a year is promoted or
       rejected whole); the first failure stops the loading;
    2. `build_warehouse`: once, for the years loaded (a range of partitions: dbt runs once per
       range, not once per year, the marts holding every year): dbt models and tests, mart
       checks, publication, dbt docs;
    3. `render_year`: the last year's chart datasets, then for each year of `fiche_years` its
       chart datasets and fiches, in order; the first failure stops them.
    """

    outcomes: list[YearOutcome] = []

    def run(year: int, job: str, first: int | None = None, leave_out=frozenset()):
        return _run(year, job, first, leave_out=leave_out, resources=resources,
                    instance=instance, run_config=run_config, outcomes=outcomes,
                    reporter=reporter)  # fmt: skip

    def pages(year: int) -> frozenset[AssetKey]:
        """What a year's run leaves out: its fiches if they are not asked for."""
        return frozenset() if year in fiche_years else frozenset({FICHES})

    if len(years) == 1:
        run(years[0], "refresh_year", leave_out=pages(years[0]))
        return outcomes
    loaded = []
    for year in years:
        if not run(year, "load_year").success:
            break
        loaded.append(year)
    if not loaded:
        return outcomes
    last = loaded[-1]
    if not run(last, "build_warehouse", first=loaded[0]).success:
        return outcomes
    for year in [y for y in loaded if y == last or y in fiche_years]:
        if not run(year, "render_year", leave_out=pages(year)).success:
            break
    return outcomes


def rebuild_tariffs(
    years: list[int],
    *,
    resources: dict,
    instance: DagsterInstance,
    dataset_years: set[int],
    fiche_years: set[int],
    reporter: Reporter | None = None,
) -> list[YearOutcome]:
    """Load the scenario file of `resources` and rebuild what depends on it, as runs recorded
    in the instance:

    1. `apply_tariff_scenarios`: `raw.tariff_scenarios` and everything downstream of it but
       the pages and the dbt docs (the tariff models and their dbt tests, the mart checks, the
       publication), for the years of the marts (`years`, one range: the models hold every year);
    2. `render_year`: for each year of `dataset_years` its chart datasets, and its fiches if it
       is in `fiche_years` (the years that had them), in order; the first failure stops them.
    """
    outcomes: list[YearOutcome] = []
    job = definitions_with(resources).resolve_job_def("apply_tariff_scenarios")
    marts = {k.path[-1] for k in job.asset_layer.executable_asset_keys
             if k.path[0] == "marts"}  # fmt: skip
    # only the charts that read the tariff marts: the others' datasets are unchanged
    datasets_config = {"ops": {"exports__chart_datasets": {
        "config": {"charts": charts_reading(marts)}}}}  # fmt: skip

    def run(year: int, job: str, first: int | None = None, leave_out=frozenset(),
            run_config: dict | None = None):  # fmt: skip
        return _run(year, job, first, leave_out=leave_out, resources=resources,
                    instance=instance, run_config=run_config, outcomes=outcomes,
                    reporter=reporter)  # fmt: skip

    if not run(years[-1], "apply_tariff_scenarios", first=years[0]).success:
        return outcomes
    for year in sorted(dataset_years):
        leave_out = frozenset() if year in fiche_years else frozenset({FICHES})
        if not run(year, "render_year", leave_out=leave_out, run_config=datasets_config).success:
            break
    return outcomes
