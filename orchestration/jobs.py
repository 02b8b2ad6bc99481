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
from orchestration.assets.publication import DBT_DOCS
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


def build_years(
    years: list[int],
    *,
    resources: dict,
    instance: DagsterInstance,
    fiche_years: set[int],
    report: Callable[[YearOutcome], None] = lambda outcome: None,
    run_config: dict | None = None,
    starting: Callable[[int], None] = lambda year: None,
) -> list[YearOutcome]:
    """Materialize every asset for each year in turn; stop at the first failure.

    The fiches are rendered only for `fiche_years`, the dbt docs only with the last year;
    everything else runs for every year.
    """
    outcomes = []
    for year in years:
        # dbt docs describe the warehouse, not a year: generated once, with the last year
        skipped = [] if year == years[-1] else [DBT_DOCS]
        skipped += [] if year in fiche_years else [AssetKey(FICHES.path)]
        selection = AssetSelection.all() - AssetSelection.assets(*skipped) if skipped else None
        starting(year)
        result = materialize(
            [*ASSETS, *CHECKS],
            selection=selection,
            partition_key=str(year),
            resources=resources,
            instance=instance,
            raise_on_error=False,
            run_config=run_config,
            tags={"territorial_trade/year": str(year), "territorial_trade/pid": str(os.getpid())},
        )
        outcome = YearOutcome(year, result.success, result.run_id, _failures(result))
        outcomes.append(outcome)
        report(outcome)
        if not result.success:
            break
    return outcomes
