"""Dagster resources: everything external (the customs source, the warehouse).

A field left unset is read from the environment when a run uses it (`WAREHOUSE_PATH`,
`PUBLISH_KEEP`, `CUSTOMS_SOURCE`, `TERRITOIRES_SOURCE`), never when the code location is
imported: `dagster dev` picks up a changed variable at the next run, and the CLI passes values.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dagster import ConfigurableResource, InitResourceContext

from orchestration.ingest.archive import DEFAULT_MAX_UNCOMPRESSED
from orchestration.ingest.download import DEFAULT_MAX_BYTES
from orchestration.ingest.listing import LISTING_URL
from orchestration.ingest.sources import FetchOptions, SourceSpec, parse_source
from orchestration.settings import (
    DEFAULT_PUBLISH_KEEP,
    DEFAULT_TERRITOIRES_SOURCE,
    customs_source,
    duckdb_memory_limit,
    publish_keep,
    territoires_source,
    warehouse_path,
)


class WarehouseResource(ConfigurableResource):
    """The DuckDB warehouse file; its folder holds every other output of a build."""

    path: str | None = None  # unset: WAREHOUSE_PATH, else warehouse/trade.duckdb
    publish_keep: int | None = None  # published versions kept for rollback; unset: PUBLISH_KEEP

    @property
    def db_path(self) -> Path:
        return Path(self.path).expanduser().resolve() if self.path else warehouse_path()

    @contextmanager
    def yield_for_execution(self, context: InitResourceContext) -> Iterator[WarehouseResource]:
        """In a run, hold the warehouse lock from the run's first step to its last (every asset
        that writes asks for this resource; the project's executor is in-process, so it is set up
        once per run). Outside a run (the sensor reading the loaded vintage), no lock."""
        from orchestration.warehouse import run_lock

        run = context.run
        if run is None:
            yield self
            return
        with run_lock(self.db_path, run.job_name, run.run_id, run.tags.get("dagster/partition")):
            yield self

    @property
    def versions_kept(self) -> int:
        """How many published versions to keep (a bad `PUBLISH_KEEP` is a clear error)."""
        return self.publish_keep if self.publish_keep is not None else publish_keep()

    @property
    def folder(self) -> Path:
        return self.db_path.parent

    def dbt_vars(self) -> list[str]:
        """The dbt arguments that point its profile at this warehouse and give its DuckDB the
        project's memory limit (`var(...)` in `dbt_project/profiles.yml`): passed to dbt, never
        set in the process environment."""
        values = {"warehouse_path": str(self.db_path), "memory_limit": duckdb_memory_limit()}
        return ["--vars", json.dumps(values)]

    @property
    def dbt_target(self) -> Path:
        """dbt's target folder for this warehouse (compiled SQL, run results, and the parse
        kept between calls: dbt parses everything again when the profile, and so the warehouse
        path, differs from the one its saved parse was made with)."""
        return self.folder / "dbt-target"


class CustomsSourceResource(ConfigurableResource):
    """Where the customs data comes from (see `orchestration.ingest.sources`).

    `source` is `synthetic`, `official`, an https:// archive URL (two separated by a comma), or
    a local directory; `CUSTOMS_SOURCE` sets it from the environment.
    """

    source: str | None = None  # unset: CUSTOMS_SOURCE, else official
    listing_url: str = LISTING_URL
    synthetic_scale: str = "sample"
    synthetic_seed: int = 0
    max_download_bytes: int = DEFAULT_MAX_BYTES
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED
    timeout_seconds: float = 60.0
    retries: int = 3
    backoff_seconds: float = 1.0
    deadline_seconds: float = 30 * 60.0  # one file, every attempt included
    refresh: bool = False
    # take a new version of a promoted year even if it loses a département (`--accept-revision`)
    accept_revision: bool = False

    def spec(self) -> SourceSpec:
        return parse_source(self.source or customs_source())

    def fetch_options(self) -> FetchOptions:
        return FetchOptions(
            listing_url=self.listing_url,
            max_bytes=self.max_download_bytes,
            timeout=self.timeout_seconds,
            retries=self.retries,
            backoff=self.backoff_seconds,
            refresh=self.refresh,
            deadline=self.deadline_seconds,
        )


class TerritoiresSourceResource(ConfigurableResource):
    """Where the Territoires d'industrie list comes from: `bundled` (default, offline),
    `official` (ANCT's commune list on data.gouv.fr), an https:// URL or a local CSV file.
    `TERRITOIRES_SOURCE` sets it from the environment."""

    source: str | None = None  # unset: TERRITOIRES_SOURCE, else bundled

    def source_name(self) -> str:
        return self.source or territoires_source()


class TariffScenariosResource(ConfigurableResource):
    """The tariff scenarios in use: a CSV file (`ingest/tariff_scenarios.py` says its columns);
    unset, `TARIFF_SCENARIOS`, else the file shipped with the project (US duties on EU goods
    after the joint statement of August 2025, uniform 10 % and 25 %)."""

    file: str | None = None

    def path(self) -> Path:
        from orchestration.ingest.tariff_scenarios import SHIPPED

        chosen = self.file or os.environ.get("TARIFF_SCENARIOS")
        return Path(chosen).expanduser().resolve() if chosen else SHIPPED


def default_resources() -> dict:
    """Resources of the code location that `dagster dev` loads: every setting left to the
    environment, read at run time; the CLI builds its own from its options (`run_resources`)."""
    from orchestration.dbt_resource import TradeDbtResource
    from orchestration.project import dbt_executable, dbt_project

    return {
        "warehouse": WarehouseResource(),
        "customs_source": CustomsSourceResource(),
        "territoires_source": TerritoiresSourceResource(),
        "tariff_scenarios": TariffScenariosResource(),
        "dbt": TradeDbtResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
    }


def run_resources(
    warehouse: Path,
    *,
    source: str,
    scale: str = "sample",
    seed: int = 0,
    refresh: bool = False,
    accept_revision: bool = False,
    publish_keep: int = DEFAULT_PUBLISH_KEEP,
    territoires_source: str = DEFAULT_TERRITOIRES_SOURCE,
    tariff_scenarios: str | None = None,
) -> dict:
    """The resources of a run, from values (not from the process environment; the tariff
    scenarios: the file given, else `TARIFF_SCENARIOS`, else the shipped file)."""
    from orchestration.dbt_resource import TradeDbtResource
    from orchestration.project import dbt_executable, dbt_project

    return {
        "warehouse": WarehouseResource(path=str(warehouse), publish_keep=publish_keep),
        "customs_source": CustomsSourceResource(
            source=source,
            synthetic_scale=scale,
            synthetic_seed=seed,
            refresh=refresh,
            accept_revision=accept_revision,
        ),
        "territoires_source": TerritoiresSourceResource(source=territoires_source),
        "tariff_scenarios": TariffScenariosResource(file=tariff_scenarios),
        "dbt": TradeDbtResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
    }
