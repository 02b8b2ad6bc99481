"""An asset backfill as the lineage view launches it, run by Dagster's own backfill daemon: two
years of every asset, from the raw partitions through the marts to each year's exports."""

from __future__ import annotations

import logging
import time

import pytest
from dagster import AssetKey

from orchestration.settings import REPO_ROOT


@pytest.mark.slow
def test_a_backfill_of_two_years_from_the_lineage_view_reaches_their_exports(tmp_path, monkeypatch):
    from dagster._core.execution.backfill import BulkActionStatus, PartitionBackfill
    from dagster._core.instance_for_test import instance_for_test
    from dagster._core.test_utils import create_test_daemon_workspace_context
    from dagster._core.utils import make_new_backfill_id
    from dagster._core.workspace.load_target import ModuleTarget
    from dagster._daemon.backfill import execute_backfill_iteration

    # the code location as `territorial-trade ui --source synthetic` serves it
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "wh" / "trade.duckdb"))
    monkeypatch.setenv("CUSTOMS_SOURCE", "synthetic")
    (tmp_path / "home").mkdir()
    target = ModuleTarget(
        module_name="orchestration.definitions",
        attribute=None,
        working_directory=str(REPO_ROOT),
        location_name="territorial_trade",
    )
    # runs start as soon as they are asked for, one after the other, in this process
    with (
        instance_for_test(
            temp_dir=str(tmp_path / "home"),
            synchronous_run_coordinator=True,
            synchronous_run_launcher=True,
        ) as instance,  # fmt: skip
        create_test_daemon_workspace_context(target, instance) as workspace,
    ):
        graph = workspace.create_request_context().asset_graph
        # what the webserver does on "Materialize" over every asset with 2022 and 2023 chosen
        # (`launchPartitionBackfill`)
        backfill = PartitionBackfill.from_asset_partitions(
            backfill_id=make_new_backfill_id(), asset_graph=graph,
            partition_names=["2022", "2023"], asset_selection=list(graph.get_all_asset_keys()),
            backfill_timestamp=time.time(), tags={}, dynamic_partitions_store=instance,
            all_partitions=False, title=None, description=None,
            run_config=None,
        )  # fmt: skip
        instance.add_backfill(backfill)
        for _ in range(20):  # the daemon's ticks
            list(execute_backfill_iteration(workspace, logging.getLogger("backfill")))
            status = instance.get_backfill(backfill.backfill_id).status
            if status != BulkActionStatus.REQUESTED:
                break
        assert status == BulkActionStatus.COMPLETED_SUCCESS

        def years(key: str) -> list[str]:
            return sorted(instance.get_materialized_partitions(AssetKey(key.split("/"))))

        for key in ["raw/customs_trade", "marts/trade_totals", "marts/top_flows",
                    "exports/chart_datasets", "exports/fiches"]:  # fmt: skip
            assert years(key) == ["2022", "2023"], key
        published = AssetKey(["publication", "published_marts"])
        assert instance.get_latest_materialization_event(published) is not None
        # dbt ran over the range of years, not once a year
        runs = instance.get_runs()
        dbt_runs = [r for r in runs if AssetKey(["marts", "trade_totals"]) in r.asset_selection]
        assert len(dbt_runs) == 1
        tags = dbt_runs[0].tags
        assert (tags["dagster/asset_partition_range_start"],
                tags["dagster/asset_partition_range_end"]) == ("2022", "2023")  # fmt: skip
    exports = tmp_path / "wh" / "exports"
    for year in ("2022", "2023"):
        assert (exports / year / "department" / "92" / f"fiche-92-{year}.pdf").exists()
        assert (exports / year / "index.html").exists()
