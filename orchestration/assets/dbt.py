"""Staging, intermediate and marts: the dbt project as Dagster assets (dbt tests as checks)."""

from collections.abc import Mapping
from typing import Any

from dagster import AssetExecutionContext, AssetKey
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.project import prepare_manifest
from orchestration.resources import WarehouseResource


class TradeDbtTranslator(DagsterDbtTranslator):
    """The one place that decides dbt asset keys and groups: both mirror the DuckDB schema."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return super().get_asset_key(dbt_resource_props)  # meta.dagster.asset_key
        schema = dbt_resource_props["config"].get("schema") or "main"
        return AssetKey([schema, dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props["config"].get("schema") or "marts"


@dbt_assets(manifest=prepare_manifest(), dagster_dbt_translator=TradeDbtTranslator())
def trade_dbt_models(
    context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    """`dbt build` of the selected models against the warehouse (tests run as asset checks)."""
    # "buildable": a test runs only when every model it reads is built or selected, so a
    # subset (e.g. the seeds alone, early in a backfill) never tests a model not yet built
    yield from dbt.cli(["build", "--indirect-selection", "buildable", *warehouse.dbt_vars()],
                       context=context, target_path=warehouse.dbt_target).stream()  # fmt: skip
