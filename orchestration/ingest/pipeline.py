"""One year from a source into the raw schema: acquire, prepare, load. The I/O edge of ingest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from orchestration.ingest.load import LoadReport, load_year
from orchestration.ingest.sources import Acquired, FetchOptions, SourceSpec, acquire, prepare


@dataclass(frozen=True)
class IngestResult:
    acquired: Acquired
    report: LoadReport


def raw_cache_dir(warehouse: Path, year: int) -> Path:
    """The download cache of a year: `raw/<year>/` in the warehouse's folder."""
    return warehouse.parent / "raw" / str(year)


def acquired_record(warehouse: Path, year: int) -> Path:
    return raw_cache_dir(warehouse, year) / "acquired.json"


def ingest_year(
    spec: SourceSpec,
    year: int,
    warehouse: Path,
    options: FetchOptions | None = None,
    *,
    synthetic_scale: str = "sample",
    synthetic_seed: int = 0,
    max_uncompressed: int | None = None,
) -> IngestResult:
    cache = raw_cache_dir(warehouse, year)
    acquired = acquire(
        spec, year, cache, options, synthetic_scale=synthetic_scale, synthetic_seed=synthetic_seed
    )
    kwargs = {} if max_uncompressed is None else {"max_uncompressed": max_uncompressed}
    data_files, labels = prepare(acquired, cache / "extracted", **kwargs)
    report = load_year(warehouse, year, data_files, labels)
    return IngestResult(acquired=acquired, report=report)
