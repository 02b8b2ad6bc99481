"""Staging, intermediate and marts: the dbt project as Dagster assets (dbt tests as checks).

Partitioned by year like the raw tables and the exports, so that a backfill launched from the
lineage view goes from a year's raw partition through the marts to that year's exports (Dagster
does not carry a backfill's years through an unpartitioned asset). A materialization of year Y
means: the models as built after Y's load. The models themselves hold every year: `dbt build`
runs once per run, for a range of years too (backfill policy: a single run), and the incremental
models rebuild the years whose promoted load or code changed, whatever the partition.
"""

import warnings
from collections.abc import Mapping
from typing import Any

from dagster import AssetExecutionContext, AssetKey, BackfillPolicy
from dagster_dbt import DagsterDbtTranslator, dbt_assets

from orchestration.assets.table_metadata import with_table_metadata
from orchestration.dbt_resource import TradeDbtResource
from orchestration.partitions import yearly_partitions
from orchestration.project import prepare_manifest
from orchestration.resources import WarehouseResource
from orchestration.warehouse import refuse_links_out

# who answers for the models, shown on every dbt asset in the UI (override per model with
# `meta: {dagster: {owners: [...]}}` in its YAML)
OWNER = "team:commerce-exterieur"


class TradeDbtTranslator(DagsterDbtTranslator):
    """The one place that decides dbt asset keys and groups: both mirror the DuckDB schema."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return super().get_asset_key(dbt_resource_props)  # meta.dagster.asset_key
        schema = dbt_resource_props["config"].get("schema") or "main"
        return AssetKey([schema, dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props["config"].get("schema") or "marts"

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> list[str]:
        """`meta.dagster.owners` of the model, else the project's team."""
        return super().get_owners(dbt_resource_props) or [OWNER]


# Every job that runs these with the per-year assets (`refresh_year`, `build`'s runs) mixes this
# single-run policy with theirs, as intended; Dagster warns of it each time it resolves such a job.
warnings.filterwarnings("ignore", "Asset job .* materializes assets with varying BackfillPolicies")


@dbt_assets(
    manifest=prepare_manifest(),
    dagster_dbt_translator=TradeDbtTranslator(),
    partitions_def=yearly_partitions,
    backfill_policy=BackfillPolicy.single_run(),
)
def trade_dbt_models(
    context: AssetExecutionContext,
    dbt: TradeDbtResource,
    warehouse: WarehouseResource,
):
    """`dbt build` of the selected models against the warehouse (tests run as asset checks)."""
    # "buildable": a test runs only when every model it reads is built or selected, so a
    # subset (e.g. the seeds alone, early in a backfill) never tests a model not yet built
    # each model's row count and column schema (names, types, descriptions) in the UI, read
    # once dbt has ended and released the file
    refuse_links_out(warehouse.db_path, ("dbt-target",))  # dbt writes its results there
    invocation = dbt.warehouse_cli(["build", "--indirect-selection", "buildable"], warehouse,
                                   context=context)  # fmt: skip
    yield from with_table_metadata(invocation.stream(), warehouse.db_path,
                                   invocation.manifest["nodes"])  # fmt: skip
