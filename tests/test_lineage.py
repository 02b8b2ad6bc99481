"""The asset graph as users see it in the Dagster UI: a snapshot, so a break in lineage fails CI."""

from __future__ import annotations

from orchestration.definitions import defs

RAW_TABLES = ["customs_trade", "customs_loads", "departments", "labels_a129", "labels_country",
              "labels_cpf4"]  # fmt: skip

MARTS = [f"marts/{m}" for m in ["dim_areas", "dim_products", "dim_countries", "trade_department",
         "trade_region", "trade_france", "trade_totals", "partner_balance", "product_shares",
         "top_flows", "dim_territoires_industrie", "area_indicators", "partner_trends",
         "product_specialisation", "trade_quarterly", "import_dependence", "tariff_exposure",
         "tariff_exposure_products", "tariff_duties_by_product"]]  # fmt: skip

# asset -> (group, upstream assets)
EXPECTED = {
    "raw/customs_archives": ("raw", []),
    "raw/territoires_industrie": ("raw", []),
    "staging/stg_anct__territoires_industrie": ("staging", ["raw/territoires_industrie"]),
    "marts/dim_territoires_industrie": ("marts", ["marts/dim_areas",
                                                  "staging/stg_anct__territoires_industrie"]),
    **{f"raw/{t}": ("raw", ["raw/customs_archives"]) for t in RAW_TABLES},
    "reference/ref_departments": ("reference", []),
    "reference/ref_regions": ("reference", []),
    "reference/ref_published_figures": ("reference", []),  # read by a check, not a model
    "semantic/metricflow_time_spine": ("semantic", []),  # MetricFlow's calendar
    "staging/stg_customs__trade": ("staging", ["raw/customs_trade"]),
    "staging/stg_customs__loads": ("staging", ["raw/customs_loads"]),
    "staging/stg_customs__departments": ("staging", ["raw/departments"]),
    "staging/stg_customs__labels_a129": ("staging", ["raw/labels_a129"]),
    "staging/stg_customs__labels_country": ("staging", ["raw/labels_country"]),
    "staging/stg_customs__labels_cpf4": ("staging", ["raw/labels_cpf4"]),
    "intermediate/int_trade__annual_by_department": (
        "intermediate", ["reference/ref_departments", "staging/stg_customs__loads",
                         "staging/stg_customs__trade"]),
    "intermediate/int_trade__by_area": (
        "intermediate", ["intermediate/int_trade__annual_by_department",
                         "staging/stg_customs__loads"]),
    "intermediate/int_trade__by_product_level": (
        "intermediate", ["intermediate/int_trade__by_area", "staging/stg_customs__loads"]),
    "marts/dim_areas": ("marts", ["reference/ref_departments", "reference/ref_regions"]),
    "marts/dim_years": ("marts", ["intermediate/int_trade__annual_by_department",
                                  "staging/stg_customs__loads"]),
    "marts/dim_countries": ("marts", ["intermediate/int_trade__annual_by_department",
                                      "staging/stg_customs__labels_country"]),
    "marts/dim_products": ("marts", ["intermediate/int_trade__annual_by_department",
                                     "staging/stg_customs__labels_a129",
                                     "staging/stg_customs__labels_cpf4"]),
    **{f"marts/trade_{level}": ("marts", ["intermediate/int_trade__by_area", "marts/dim_areas",
                                          "marts/dim_countries", "marts/dim_products"])
       for level in ("department", "region", "france")},
    "marts/trade_totals": ("marts", ["intermediate/int_trade__by_area", "marts/dim_areas"]),
    "marts/partner_balance": ("marts", ["intermediate/int_trade__by_area", "marts/dim_areas",
                                        "marts/dim_countries"]),
    "marts/product_shares": ("marts", ["intermediate/int_trade__by_product_level",
                                       "marts/dim_areas", "marts/dim_products"]),
    "intermediate/int_trade__flows_ranked": (
        "intermediate", ["intermediate/int_trade__by_product_level", "staging/stg_customs__loads"]),
    "marts/top_flows": ("marts", ["intermediate/int_trade__flows_ranked", "marts/dim_areas",
                                  "marts/dim_countries", "marts/dim_products"]),
    "intermediate/int_trade__quarterly_by_area": (
        "intermediate", ["reference/ref_departments", "staging/stg_customs__loads",
                         "staging/stg_customs__trade"]),
    "marts/area_indicators": ("marts", ["intermediate/int_trade__by_area", "marts/dim_areas",
                                        "marts/dim_countries", "marts/import_dependence",
                                        "marts/trade_totals"]),
    "marts/partner_trends": ("marts", ["intermediate/int_trade__by_area", "marts/dim_areas",
                                       "marts/dim_countries"]),
    "marts/product_specialisation": ("marts", ["marts/dim_areas", "marts/dim_products",
                                               "marts/product_shares"]),
    "marts/trade_quarterly": ("marts", ["intermediate/int_trade__quarterly_by_area",
                                        "marts/dim_areas"]),
    "marts/import_dependence": ("marts", ["intermediate/int_trade__by_product_level",
                                          "marts/dim_areas", "marts/dim_countries",
                                          "marts/dim_products"]),
    "raw/tariff_scenarios": ("raw", []),
    "staging/stg_tariffs__scenarios": ("staging", ["raw/tariff_scenarios"]),
    "marts/tariff_exposure_products": ("marts", ["intermediate/int_trade__by_area",
                                                 "marts/dim_areas", "marts/dim_countries",
                                                 "marts/dim_products",
                                                 "staging/stg_tariffs__scenarios"]),
    "marts/tariff_duties_by_product": ("marts", ["marts/dim_areas", "marts/dim_products",
                                                 "marts/tariff_exposure_products"]),
    "marts/tariff_exposure": ("marts", ["marts/dim_areas", "marts/dim_products",
                                        "marts/tariff_duties_by_product",
                                        "marts/tariff_exposure_products", "marts/trade_totals",
                                        "staging/stg_tariffs__scenarios"]),
    "exports/chart_datasets": ("exports", [
        f"marts/{m}" for m in ["dim_areas", "dim_years", "trade_totals",
                               "partner_balance", "product_shares", "top_flows",
                               "area_indicators", "product_specialisation",
                               "trade_quarterly", "import_dependence", "tariff_exposure",
                               "tariff_exposure_products", "tariff_duties_by_product"]]),
    "exports/fiches": ("exports", ["exports/chart_datasets", "marts/dim_territoires_industrie"]),
    # the marts are published as soon as their checks pass: publication does not wait for fiches
    "publication/published_marts": ("publication", [*MARTS, "marts/dim_years"]),
    "publication/dbt_docs": ("publication", MARTS),
}  # fmt: skip

EXPECTED_CHECKS = {
    "raw/customs_trade": {"raw_customs_trade_rows", "raw_customs_trade_products",
                          "raw_customs_trade_codes", "raw_customs_trade_departments"},
    "marts/trade_totals": {"marts_trade_totals_shares", "marts_totals_reconciliation",
                           "marts_levels_coverage", "marts_published_figures"},
    "marts/product_shares": {"marts_product_shares"},
    "marts/area_indicators": {"marts_area_indicators"},
    "marts/partner_trends": {"marts_partner_trends"},
    "marts/product_specialisation": {"marts_product_specialisation"},
    "marts/trade_quarterly": {"marts_trade_quarterly"},
    "marts/partner_balance": {"marts_partner_balance"},
    "marts/top_flows": {"marts_top_flows"},
    "marts/import_dependence": {"marts_import_dependence"},
    "marts/tariff_exposure": {"marts_tariff_exposure"},
}  # fmt: skip


def test_asset_graph_snapshot():
    graph = defs.resolve_asset_graph()
    actual = {}
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        parents = sorted(p.to_user_string() for p in node.parent_keys)
        actual[key.to_user_string()] = (node.group_name, parents)
    assert actual == {k: (g, sorted(p)) for k, (g, p) in EXPECTED.items()}


def test_every_asset_has_a_description():
    graph = defs.resolve_asset_graph()
    missing = [
        key.to_user_string()
        for key in graph.get_all_asset_keys()
        if not (graph.get(key).description or "").strip()
    ]
    assert missing == []


def test_validation_suites_are_checks_beside_their_assets():
    graph = defs.resolve_asset_graph()
    ge_checks: dict[str, set[str]] = {}
    for check_key in graph.asset_check_keys:
        if check_key.name.startswith(("raw_", "marts_")):
            ge_checks.setdefault(check_key.asset_key.to_user_string(), set()).add(check_key.name)
    assert ge_checks == EXPECTED_CHECKS


def test_everything_but_the_publication_and_the_reference_lists_is_partitioned_by_year():
    graph = defs.resolve_asset_graph()
    unpartitioned = set()
    for key in graph.get_all_asset_keys():
        partitions = graph.get(key).partitions_def
        if partitions is None:
            unpartitioned.add(key.to_user_string())
            continue
        keys = partitions.get_partition_keys()
        assert keys[0] == "2015" and "2024" in keys, key
    assert unpartitioned == {"raw/territoires_industrie", "raw/tariff_scenarios",
                             "publication/published_marts", "publication/dbt_docs"}  # fmt: skip
    # dbt runs once for a range of years (its models hold every year)
    (dbt,) = {graph.get(k).backfill_policy for k in graph.get_all_asset_keys()
              if k.to_user_string().startswith("marts/")}  # fmt: skip
    assert dbt.max_partitions_per_run is None


def test_a_backfill_from_the_lineage_view_reaches_the_exports_of_its_years():
    """What the UI's "Materialize" over every asset with two years selected asks for: the
    same call as the webserver's (`launchPartitionBackfill`). Through unpartitioned marts it
    stopped there; partitioned by year, the marts carry the years to the exports."""
    import time

    from dagster import DagsterInstance
    from dagster._core.execution.asset_backfill import AssetBackfillData

    graph = defs.resolve_asset_graph()
    with DagsterInstance.ephemeral() as instance:
        target = AssetBackfillData.from_asset_partitions(
            graph, ["2022", "2023"], list(graph.get_all_asset_keys()), instance, time.time(),
            all_partitions=False,
        ).target_subset  # fmt: skip
    years = {k.to_user_string(): sorted(target.get_partitions_subset(k).get_partition_keys())
             for k in target.partitions_subsets_by_asset_key}  # fmt: skip
    for key in ["raw/customs_trade", "marts/trade_totals", "marts/top_flows",
                "exports/chart_datasets", "exports/fiches"]:  # fmt: skip
        assert years[key] == ["2022", "2023"], key
    once = {k.to_user_string() for k in target.non_partitioned_asset_keys}
    assert once == {"raw/territoires_industrie", "raw/tariff_scenarios",
                    "publication/published_marts", "publication/dbt_docs"}  # fmt: skip


def test_dbt_assets_carry_their_owner_and_description():
    """Every dbt model shows who answers for it and what it holds; its row count and column
    schema come with each materialization (`test_dbt_materializations_report_rows_and_columns`)."""
    from orchestration.assets.dbt import OWNER, trade_dbt_models

    for key, spec in trade_dbt_models.specs_by_key.items():
        assert OWNER in spec.owners, key
        assert (spec.description or "").strip(), key


def test_dbt_materializations_report_rows_and_columns(hand_built, tmp_path):
    """A dbt model materialized from Dagster reports its row count and its columns with their
    types and descriptions (what the asset's page of the UI shows)."""
    import shutil

    import duckdb
    from dagster import AssetKey, materialize

    from orchestration.assets.dbt import trade_dbt_models
    from orchestration.resources import WarehouseResource

    warehouse = tmp_path / "trade.duckdb"
    shutil.copyfile(hand_built, warehouse)
    resources = dict(defs.resources)
    resources["warehouse"] = WarehouseResource(path=str(warehouse))
    key = AssetKey(["marts", "trade_totals"])
    result = materialize([trade_dbt_models], selection=[key], partition_key="2024",
                         resources=resources)  # fmt: skip
    assert result.success
    (event,) = [m for m in result.get_asset_materialization_events() if m.asset_key == key]
    metadata = event.materialization.metadata
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("SELECT count(*) FROM marts.trade_totals").fetchone()[0]
    assert metadata["dagster/row_count"].value == rows > 0
    columns = {c.name: c for c in metadata["dagster/column_schema"].value.columns}
    assert list(columns)[:5] == ["year", "level", "area_code", "area_id", "area_name"]
    assert columns["export_eur"].type.lower() == "bigint"


def test_the_catalogue_gives_columns_of_every_relation_and_counts_of_tables_only(tmp_path):
    """Row counts and columns for the UI come from DuckDB's catalogue in one pass: a view's
    columns are listed but its rows not counted (that would run its query)."""
    import duckdb

    from orchestration.assets.table_metadata import read_catalogue, table_metadata

    with duckdb.connect(str(tmp_path / "t.duckdb")) as con:
        con.execute("CREATE SCHEMA marts; CREATE TABLE marts.t (year INTEGER, v BIGINT)")
        con.execute("INSERT INTO marts.t VALUES (2024, 1), (2024, 2), (2023, 3)")
        con.execute("CREATE VIEW marts.v AS SELECT year FROM marts.t")
        columns, rows = read_catalogue(con, [("marts", "t"), ("marts", "v")], [("marts", "t")])
    assert columns == {("marts", "t"): [("year", "INTEGER"), ("v", "BIGINT")],
                       ("marts", "v"): [("year", "INTEGER")]}  # fmt: skip
    assert rows == {("marts", "t"): 3}
    meta = table_metadata(columns[("marts", "t")], 3, {"v": "Value."})
    assert meta["dagster/row_count"] == 3
    assert [(c.name, c.description) for c in meta["dagster/column_schema"].columns] == [
        ("year", None), ("v", "Value.")]  # fmt: skip
