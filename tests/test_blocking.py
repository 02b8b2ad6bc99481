"""A broken mart fails its blocking check: nothing downstream runs, earlier outputs stay."""

from __future__ import annotations

import shutil

import duckdb
from dagster import AssetSelection, DagsterInstance, materialize
from dagster_dbt import get_asset_key_for_model

from orchestration.assets.dbt import trade_dbt_models
from orchestration.assets.exports import CHART_DATASETS
from orchestration.definitions import ASSETS, CHECKS, defs
from orchestration.resources import WarehouseResource


def test_broken_mart_blocks_chart_datasets(hand_built, tmp_path):
    folder = tmp_path / "wh"
    shutil.copytree(hand_built.parent, folder, ignore=shutil.ignore_patterns("raw"))
    warehouse = folder / hand_built.name
    totals_file = folder / "exports" / "2024" / "department" / "92" / "totals.csv"
    before = totals_file.read_bytes()
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "UPDATE marts.top_flows SET value_eur = value_eur + 1 "
            "WHERE level = 'department' AND area_code = '92' AND flow = 'export'"
        )

    resources = {**defs.resources, "warehouse": WarehouseResource(path=str(warehouse))}
    top_flows = get_asset_key_for_model([trade_dbt_models], "top_flows")
    selection = AssetSelection.assets(CHART_DATASETS) | AssetSelection.checks_for_assets(top_flows)
    instance = DagsterInstance.ephemeral()
    result = materialize(
        [*ASSETS, *CHECKS],
        selection=selection,
        partition_key="2024",
        resources=resources,
        instance=instance,
        raise_on_error=False,
    )
    assert not result.success
    checks = {
        e.event_specific_data.check_name: e.event_specific_data.passed
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    }
    assert checks["marts_top_flows"] is False
    # the chart datasets step never ran, and nothing was materialized
    steps_run = {e.step_key for e in result.all_events if e.event_type_value == "STEP_START"}
    assert not any("chart_datasets" in step for step in steps_run)
    assert result.get_asset_materialization_events() == []
    # what was produced before stays exactly as it was
    assert totals_file.read_bytes() == before
