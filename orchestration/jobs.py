"""Running the asset graph in-process for given years, recorded in the Dagster instance.

The CLI (`build`, `demo`) and the tests come through here; the UI launches the same graph as the
`refresh_year` job. One run per year, in order; the first failure stops the range.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from dagster import AssetKey, AssetSelection, DagsterInstance, materialize
from dagster._core.storage.tags import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)

from orchestration.assets.exports import FICHES
from orchestration.assets.publication import DBT_DOCS
from orchestration.charts import charts_reading
from orchestration.definitions import ASSETS, CHECKS, defs
from orchestration.errors import user_error_names
from orchestration.exhaustion import KINDS, exhausted
from orchestration.settings import duckdb_memory_limit

# Errors that come from what the user gave (options, source, files, data), not from a bug.
USER_ERRORS = user_error_names()


@dataclass
class YearOutcome:
    year: int
    success: bool
    run_id: str
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (step, class, message)
    stage: str = "load"  # load | warehouse | exports
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


def _root_cause(error) -> tuple[str, str, str]:
    """The innermost error of a Dagster SerializableErrorInfo: (class name, first line), and the
    text of the whole chain (a dbt failure's parsed errors are in its message's later lines)."""
    texts = [error.message or ""]
    while error.cause is not None:
        error = error.cause
        texts.append(error.message or "")
    message = error.message.strip().splitlines()[0] if error.message else ""
    # "orchestration.x.LoadError: text" -> "text"
    prefix = f"{error.cls_name}: "
    message = message.split(prefix, 1)[1] if prefix in message else message
    return error.cls_name or "Error", message, "\n".join(texts)


def _failure(step: str, error) -> tuple[str, str, str]:
    """(step, class, message); memory or disk space running out is (step, its kind, its one
    line), wherever it happened (`orchestration.exhaustion`)."""
    cls, message, text = _root_cause(error)
    try:
        limit = duckdb_memory_limit()
    except ValueError:
        limit = "?"
    found = exhausted(cls, text, f"step {step}", limit)
    return (step, *found) if found else (step, cls, message)


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
            out.append(_failure(event.step_key or "resources", error))
    return out


# What each run of a range builds (see `build_years`)
RAW = AssetSelection.groups("raw")
EXPORTS = AssetSelection.groups("exports")


def _run(
    year: int,
    stage: str,
    selection: AssetSelection,
    first: int | None,
    *,
    resources: dict,
    instance: DagsterInstance,
    run_config: dict | None,
    outcomes: list[YearOutcome],
    report: Callable[[YearOutcome], None],
    starting: Callable[[str, str], None],
) -> YearOutcome:
    """One run for `year`'s partition, or for the range `first`..`year`, recorded in
    `outcomes` and reported."""
    outcome = YearOutcome(year, False, "", stage=stage, first=first)
    starting(outcome.years, stage)
    partition = {"partition_key": str(year)}
    tags = {"territorial_trade/year": str(year), "territorial_trade/stage": stage,
            "territorial_trade/pid": str(os.getpid())}  # fmt: skip
    if first is not None and first != year:
        partition = {}  # the range is in the tags
        tags |= {ASSET_PARTITION_RANGE_START_TAG: str(first),
                 ASSET_PARTITION_RANGE_END_TAG: str(year)}  # fmt: skip
    result = materialize(
        [*ASSETS, *CHECKS],
        selection=selection,
        resources=resources,
        instance=instance,
        raise_on_error=False,
        run_config=run_config,
        tags=tags,
        **partition,
    )
    outcome.success, outcome.run_id = result.success, result.run_id
    outcome.errors = _failures(result)
    outcomes.append(outcome)
    report(outcome)
    return outcome


def build_years(
    years: list[int],
    *,
    resources: dict,
    instance: DagsterInstance,
    fiche_years: set[int],
    report: Callable[[YearOutcome], None] = lambda outcome: None,
    run_config: dict | None = None,
    starting: Callable[[str, str], None] = lambda years, stage: None,
) -> list[YearOutcome]:
    """Build `years` in three stages, each a Dagster run recorded in the instance:

    1. load: each year's raw assets and their checks, in order (a year is promoted or rejected
       whole); the first failure stops the loading;
    2. warehouse: once, for the years loaded (a range of partitions: dbt runs once per range,
       not once per year, the marts holding every year), everything the raw tables feed but the
       exports (dbt models and tests, mart checks, publication, dbt docs);
    3. exports: the last year's chart datasets, then for each year of `fiche_years` its chart
       datasets and fiches, in order; the first failure stops them.
    """

    outcomes: list[YearOutcome] = []

    def run(year: int, stage: str, selection: AssetSelection, first: int | None = None):
        return _run(year, stage, selection, first, resources=resources, instance=instance,
                    run_config=run_config, outcomes=outcomes, report=report,
                    starting=starting)  # fmt: skip

    def exports(year: int) -> AssetSelection:
        """The year's chart datasets, and its fiches if they are asked for."""
        if year in fiche_years:
            return EXPORTS
        return EXPORTS - AssetSelection.assets(AssetKey(FICHES.path))

    loaded = []
    for year in years:
        if not run(year, "load", RAW).success:
            break
        loaded.append(year)
    if not loaded:
        return outcomes
    last = loaded[-1]
    if not run(last, "warehouse", AssetSelection.all() - RAW - EXPORTS, first=loaded[0]).success:
        return outcomes
    for year in [y for y in loaded if y == last or y in fiche_years]:
        if not run(year, "exports", exports(year)).success:
            break
    return outcomes


TARIFF_SCENARIOS = AssetSelection.assets(AssetKey(["raw", "tariff_scenarios"]))


def rebuild_tariffs(
    years: list[int],
    *,
    resources: dict,
    instance: DagsterInstance,
    dataset_years: set[int],
    fiche_years: set[int],
    report: Callable[[YearOutcome], None] = lambda outcome: None,
    starting: Callable[[str, str], None] = lambda years, stage: None,
) -> list[YearOutcome]:
    """Load the scenario file of `resources` and rebuild what depends on it, as runs recorded
    in the instance:

    1. tariffs: `raw.tariff_scenarios` and everything downstream of it but the exports (the
       tariff models and their dbt tests, the mart checks, the publication, the dbt docs), for
       the years of the marts (`years`, one range: the models hold every year);
    2. exports: for each year of `dataset_years` its chart datasets, and its fiches if it is in
       `fiche_years` (the years that had them), in order; the first failure stops them.
    """
    outcomes: list[YearOutcome] = []
    downstream = TARIFF_SCENARIOS.downstream()
    marts = {k.path[-1] for k in downstream.resolve(defs.resolve_asset_graph())
             if k.path[0] == "marts"}  # fmt: skip
    # only the charts that read the tariff marts: the others' datasets are unchanged
    datasets_config = {"ops": {"exports__chart_datasets": {
        "config": {"charts": charts_reading(marts)}}}}  # fmt: skip

    def run(year: int, stage: str, selection: AssetSelection, first: int | None = None,
            run_config: dict | None = None):  # fmt: skip
        return _run(year, stage, selection, first, resources=resources, instance=instance,
                    run_config=run_config, outcomes=outcomes, report=report,
                    starting=starting)  # fmt: skip

    # the dbt docs are left out: a change of scenarios changes rows, never the columns
    stage = downstream - EXPORTS - AssetSelection.assets(DBT_DOCS)
    if not run(years[-1], "tariffs", stage, first=years[0]).success:
        return outcomes
    for year in sorted(dataset_years):
        selection = EXPORTS if year in fiche_years else EXPORTS - AssetSelection.assets(FICHES)
        if not run(year, "exports", selection, run_config=datasets_config).success:
            break
    return outcomes
