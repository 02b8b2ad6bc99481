"""One year from a source into the raw schema: acquire, stage, check, promote or reject.

The one path for a year's data, used by the raw assets, the benchmarks and the tests alike:
`acquire_year` (download or generate, verified, recorded), then `load_year` (extract into a
temporary folder, stage the candidate in `raw_pending`, run the blocking raw suites on it, and
promote it into `raw` only if they pass). A rejected year leaves `raw` as it was.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.customs.labels import LabelFileError
from orchestration.ingest.archive import DEFAULT_MAX_UNCOMPRESSED, ArchiveError
from orchestration.ingest.load import (
    LoadError,
    LoadReport,
    RevisionRefused,
    promote_year,
    record_refused,
    reject_year,
    revision_beyond_bound,
    stage_year,
)
from orchestration.ingest.sources import (
    Acquired,
    FetchOptions,
    SourceSpec,
    acquire,
    load_acquired,
    prepared,
    save_acquired,
)
from orchestration.validation.runner import SuiteResult


class YearRejected(ValueError):
    """A year whose candidate failed a blocking check; it was not promoted."""


@dataclass(frozen=True)
class IngestResult:
    acquired: Acquired
    report: LoadReport
    checks: list[SuiteResult]


def raw_cache_dir(warehouse: Path, year: int) -> Path:
    """The download cache of a year: `raw/<year>/` in the warehouse's folder."""
    return warehouse.parent / "raw" / str(year)


def acquired_record(warehouse: Path, year: int) -> Path:
    return raw_cache_dir(warehouse, year) / "acquired.json"


def acquire_year(
    spec: SourceSpec,
    year: int,
    warehouse: Path,
    options: FetchOptions | None = None,
    *,
    synthetic_scale: str = "sample",
    synthetic_seed: int = 0,
) -> Acquired:
    """Get the year's files into its cache and record what was acquired."""
    cache = raw_cache_dir(warehouse, year)
    acquired = acquire(
        spec, year, cache, options, synthetic_scale=synthetic_scale, synthetic_seed=synthetic_seed
    )
    save_acquired(acquired, acquired_record(warehouse, year))
    return acquired


def stage_acquired(
    warehouse: Path,
    year: int,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
    accept_revision: bool = False,
) -> LoadReport:
    """Extract what was acquired into a temporary folder and stage it in `raw_pending`.

    A load refused here (its archive, a line, a label file, a revision that drops a
    département) is logged in `raw.refused_loads` with the reason, then the error raised."""
    acquired = load_acquired(acquired_record(warehouse, year))
    try:
        with prepared(acquired, raw_cache_dir(warehouse, year), max_uncompressed) as (
            data,
            labels,
        ):
            return stage_year(warehouse, year, data, labels, accept_revision)
    except (ArchiveError, LabelFileError, LoadError) as exc:
        files = [Path(i.path).name for i in acquired.inputs if i.kind != "labels"]
        with contextlib.suppress(duckdb.Error, OSError):  # the refusal itself is what matters
            record_refused(warehouse, year, acquired.vintage, files, str(exc))
        raise


def check_candidate(warehouse: Path, year: int) -> list[SuiteResult]:
    """The raw suites (GX) on the candidate year in `raw_pending`."""
    from orchestration.validation.parameters import suite_inputs
    from orchestration.validation.runner import run_suite
    from orchestration.validation.suites import raw_suites

    variables, parameters = suite_inputs(year)
    return [
        run_suite(warehouse, suite, variables, parameters, schema="raw_pending")
        for suite in raw_suites()
    ]


def summary(results: list[SuiteResult]) -> str:
    """One line: the failed rules with their counts, or that every rule passed."""
    failed = [
        f"{r.suite}: {rule.rule} ({rule.severity}, {rule.unexpected_count} rows)"
        for r in results
        for rule in r.rules
        if not rule.success
    ]
    rules = sum(len(r.rules) for r in results)
    return "; ".join(failed) if failed else f"{rules} rules passed"


def decide(warehouse: Path, report: LoadReport, results: list[SuiteResult],
           accept_revision: bool = False) -> None:  # fmt: skip
    """Promote the candidate if no ERROR rule failed and, unless `accept_revision`, it moves
    France's totals no more than a revision does (`load.REVISION_SHARE`); otherwise reject it,
    recorded with its reason, and raise."""
    text = summary(results)
    if any(r.errors for r in results):
        reject_year(warehouse, report.year, report.load_id, text)
        errors = "; ".join(
            f"{r.suite}: {rule.rule}: {rule.description} ({rule.unexpected_count} rows)"
            for r in results
            for rule in r.errors
        )
        raise YearRejected(
            f"{report.year} rejected, not promoted (the warehouse keeps its previous version of "
            f"{report.year}, if any): {errors}"
        )
    moved = None if accept_revision else revision_beyond_bound(warehouse, report.year)
    if moved is not None:
        reject_year(warehouse, report.year, report.load_id, moved)
        raise RevisionRefused(moved)
    promote_year(warehouse, report.year, report.load_id, text)


def load_year(
    warehouse: Path,
    year: int,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
    accept_revision: bool = False,
) -> tuple[LoadReport, list[SuiteResult]]:
    """Stage, check and decide; returns the report and the check results (raises if rejected)."""
    report = stage_acquired(warehouse, year, max_uncompressed, accept_revision)
    results = check_candidate(warehouse, year)
    decide(warehouse, report, results, accept_revision)
    return report, results


def ingest_year(
    spec: SourceSpec,
    year: int,
    warehouse: Path,
    options: FetchOptions | None = None,
    *,
    synthetic_scale: str = "sample",
    synthetic_seed: int = 0,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
    accept_revision: bool = False,
) -> IngestResult:
    """Acquire then load one year, as the two raw assets do in a run."""
    acquired = acquire_year(
        spec, year, warehouse, options, synthetic_scale=synthetic_scale,
        synthetic_seed=synthetic_seed,
    )  # fmt: skip
    report, results = load_year(warehouse, year, max_uncompressed, accept_revision)
    return IngestResult(acquired=acquired, report=report, checks=results)
