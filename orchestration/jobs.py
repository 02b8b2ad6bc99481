"""Running the asset graph in-process for given years, recorded in the Dagster instance.

The CLI (`build`, `demo`) and the tests come through here; the UI launches the same graph as the
`refresh_year` job. One run per year, in order; the first failure stops the range.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from dagster import AssetKey, AssetSelection, DagsterInstance, materialize

from orchestration.assets.exports import FICHES
from orchestration.definitions import ASSETS, CHECKS

# Errors that come from what the user gave (options, source, files, data), not from a bug.
USER_ERRORS = {
    "ArchiveError", "ConfigError", "DownloadError", "ListingError", "LoadError", "PublishError",
    "SourceError", "WarehouseBusy", "WarehouseError", "YearRejected",
}  # fmt: skip


@dataclass
class YearOutcome:
    year: int
    success: bool
    run_id: str
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (step, class, message)
    stage: str = "load"  # load | warehouse | exports

    @property
    def interrupted(self) -> bool:
        return any(cls == "DagsterExecutionInterruptedError" for _, cls, _ in self.errors)

    @property
    def user_error(self) -> bool:
        return bool(self.errors) and all(cls in USER_ERRORS for _, cls, _ in self.errors)


def _root_cause(error) -> tuple[str, str]:
    """The innermost error of a Dagster SerializableErrorInfo: (class name, first line)."""
    while error.cause is not None:
        error = error.cause
    message = error.message.strip().splitlines()[0] if error.message else ""
    # "orchestration.x.LoadError: text" -> "text"
    prefix = f"{error.cls_name}: "
    message = message.split(prefix, 1)[1] if prefix in message else message
    return error.cls_name or "Error", message


def _failures(result) -> list[tuple[str, str, str]]:
    out = []
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            error = event.step_failure_data.error
            if error is not None:
                out.append((event.step_key or "?", *_root_cause(error)))
    return out


# What each run of a range builds (see `build_years`)
RAW = AssetSelection.groups("raw")
EXPORTS = AssetSelection.groups("exports")


def build_years(
    years: list[int],
    *,
    resources: dict,
    instance: DagsterInstance,
    fiche_years: set[int],
    report: Callable[[YearOutcome], None] = lambda outcome: None,
    run_config: dict | None = None,
    starting: Callable[[int, str], None] = lambda year, stage: None,
) -> list[YearOutcome]:
    """Build `years` in three stages, each a Dagster run recorded in the instance:

    1. load: each year's raw assets and their checks, in order (a year is promoted or rejected
       whole); the first failure stops the loading;
    2. warehouse: once, for the last year loaded, everything the raw tables feed (dbt models and
       tests, mart checks, chart datasets, publication, dbt docs; the fiches if asked): the marts
       hold every year, so dbt runs once per range, not once per year;
    3. exports: for each other year of `fiche_years`, its chart datasets and fiches.

    The fiches are rendered only for `fiche_years` (the last year's chart datasets always are:
    the warehouse stage writes them).
    """

    def run(year: int, stage: str, selection: AssetSelection) -> YearOutcome:
        starting(year, stage)
        result = materialize(
            [*ASSETS, *CHECKS],
            selection=selection,
            partition_key=str(year),
            resources=resources,
            instance=instance,
            raise_on_error=False,
            run_config=run_config,
            tags={
                "territorial_trade/year": str(year),
                "territorial_trade/stage": stage,
                "territorial_trade/pid": str(os.getpid()),
            },
        )
        outcome = YearOutcome(year, result.success, result.run_id, _failures(result), stage)
        outcomes.append(outcome)
        report(outcome)
        return outcome

    def pages(selection: AssetSelection, year: int) -> AssetSelection:
        """`selection`, without the fiches unless they are asked for `year`."""
        if year in fiche_years:
            return selection
        return selection - AssetSelection.assets(AssetKey(FICHES.path))

    outcomes: list[YearOutcome] = []
    loaded = []
    for year in years:
        if not run(year, "load", RAW).success:
            break
        loaded.append(year)
    if not loaded:
        return outcomes
    last = loaded[-1]
    if not run(last, "warehouse", pages(AssetSelection.all() - RAW, last)).success:
        return outcomes
    for year in loaded[:-1]:
        if year in fiche_years and not run(year, "exports", EXPORTS).success:
            break
    return outcomes
