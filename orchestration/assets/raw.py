"""Raw layer: the year's customs archives, then the raw tables loaded from them."""

from dagster import (
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    MaterializeResult,
    MetadataValue,
    asset,
    multi_asset,
)

from orchestration.assets.checks import check_result
from orchestration.ingest.pipeline import (
    acquire_year,
    check_candidate,
    decide,
    raw_cache_dir,
    stage_acquired,
)
from orchestration.ingest.territoires_industrie import acquire_territoires, load_territoires
from orchestration.partitions import yearly_partitions
from orchestration.resources import (
    CustomsSourceResource,
    TariffScenariosResource,
    TerritoiresSourceResource,
    WarehouseResource,
)
from orchestration.validation.suites import raw_suites

CUSTOMS_ARCHIVES = AssetKey(["raw", "customs_archives"])
RAW_TABLES = {
    "customs_trade": "Customs trade lines by quarter, flow, département, product and country.",
    "labels_cpf4": "CPF4 product labels shipped with the year's archives (Windows-1252).",
    "labels_a129": "A129 product labels shipped with the year's archives (UTF-8 with BOM).",
    "labels_country": "Country labels with validity periods (codes may repeat).",
    "departments": "Départements and DGDDI regions (Departement_region.txt).",
}
RAW_LOADS = AssetKey(["raw", "customs_loads"])  # the register of every load and its verdict


@asset(
    key=CUSTOMS_ARCHIVES,
    group_name="raw",
    partitions_def=yearly_partitions,
    description=(
        "The year's two annual customs archives (export, import) in the download cache "
        "`raw/<year>/` beside the warehouse: found on the customs open-data listing, downloaded "
        "from a URL, taken from a local folder, or generated (synthetic). Verified (ZIP, size "
        "cap, sha256) and recorded with their vintage."
    ),
)
def customs_archives(
    context: AssetExecutionContext,
    customs_source: CustomsSourceResource,
    warehouse: WarehouseResource,
) -> MaterializeResult:
    year = int(context.partition_key)
    cache = raw_cache_dir(warehouse.db_path, year)
    acquired = acquire_year(
        customs_source.spec(),
        year,
        warehouse.db_path,
        customs_source.fetch_options(),
        synthetic_scale=customs_source.synthetic_scale,
        synthetic_seed=customs_source.synthetic_seed,
    )
    context.log.info(f"{year}: acquired {len(acquired.inputs)} file(s) from {acquired.source}")
    return MaterializeResult(
        metadata={
            "source": acquired.source,
            "vintage": acquired.vintage,
            "files": MetadataValue.json(
                [
                    {"file": str(i.path), "url": i.url, "sha256": i.sha256, "size": i.size}
                    for i in acquired.inputs
                ]
            ),
            "cache_dir": MetadataValue.path(str(cache)),
        }
    )


RAW_TRADE = AssetKey(["raw", "customs_trade"])


@multi_asset(
    name="raw_customs_tables",
    specs=[
        AssetSpec(
            AssetKey(["raw", table]),
            group_name="raw",
            description=f"`raw.{table}` in DuckDB: {text} One year replaced at a time, only "
            "once the year has passed its checks.",
            deps=[CUSTOMS_ARCHIVES],
        )
        for table, text in RAW_TABLES.items()
    ]
    + [
        AssetSpec(
            RAW_LOADS,
            group_name="raw",
            description="`raw.customs_loads` in DuckDB: the register of loads, one row per data "
            "file of each load of a year, with its checks' verdict (`promoted`, refused, "
            "replaced). The incremental dbt models rebuild a year when its promoted load "
            "changes.",
            deps=[CUSTOMS_ARCHIVES],
        )
    ],
    check_specs=[
        AssetCheckSpec(
            suite.name,
            asset=RAW_TRADE,
            description=f"{suite.description} (GX suite `expectations/{suite.path.name}`, run "
            "on the candidate year before it is promoted)",
            blocking=True,
        )
        for suite in raw_suites()
    ],
    partitions_def=yearly_partitions,
)
def raw_customs_tables(
    context: AssetExecutionContext,
    warehouse: WarehouseResource,
    customs_source: CustomsSourceResource,
):
    """Stage the year beside the current one, check it, promote it only if the checks pass.

    A failed check rejects the year: `raw` keeps its previous version, the load is recorded as
    rejected in `raw.customs_loads`, and the run fails.
    """
    year = int(context.partition_key)
    report = stage_acquired(warehouse.db_path, year, customs_source.max_uncompressed_bytes,
                            customs_source.accept_revision)  # fmt: skip
    context.log.info(
        f"{year}: staged {report.rows:,} rows in {report.seconds:.1f} s "
        f"({report.rows / max(report.seconds, 1e-9):,.0f} rows/s), load {report.load_id}"
    )
    results = check_candidate(warehouse.db_path, year)
    for result in results:
        yield check_result(result, asset_key=RAW_TRADE, check_name=result.suite)
    # raises YearRejected or RevisionRefused: nothing promoted
    decide(warehouse.db_path, report, results, customs_source.accept_revision)
    context.log.info(f"{year}: promoted load {report.load_id}")
    yield MaterializeResult(
        asset_key=RAW_TRADE,
        metadata={
            "dagster/row_count": report.rows,
            "load_id": report.load_id,
            "rows_by_flow": MetadataValue.json(report.rows_by_flow),
            "value_eur_by_flow": MetadataValue.json(report.value_by_flow),
            "vintage": report.vintage,
            "files": MetadataValue.json(report.files),
            "load_seconds": round(report.seconds, 2),
            "warehouse": MetadataValue.path(str(warehouse.db_path)),
        },
    )
    yield MaterializeResult(asset_key=RAW_LOADS,
                            metadata={"load_id": report.load_id, "status": "promoted"})  # fmt: skip
    for table in RAW_TABLES:
        if table != "customs_trade":
            yield MaterializeResult(
                asset_key=AssetKey(["raw", table]),
                metadata={
                    "dagster/row_count": report.label_rows[table],
                    "source_file": report.label_sources[table],
                },
            )


@asset(
    key=AssetKey(["raw", "territoires_industrie"]),
    group_name="raw",
    description=(
        "The Territoires d'industrie (2023-2027) and the départements each touches, in "
        "`raw.territoires_industrie`: from the list shipped with the project (`bundled`, default, "
        "offline; départements and area shares derived from ANCT's shapes) or from ANCT's "
        "commune list (`official` or a local file; départements from the commune codes, shares "
        "of communes). `TERRITOIRES_SOURCE` chooses."
    ),
)
def territoires_industrie(
    context: AssetExecutionContext,
    territoires_source: TerritoiresSourceResource,
    warehouse: WarehouseResource,
) -> MaterializeResult:
    cache = warehouse.folder / "raw" / "territoires"
    cache.mkdir(parents=True, exist_ok=True)
    rows, mode, file = acquire_territoires(territoires_source.source_name(), cache)
    count = load_territoires(warehouse.db_path, rows, mode, file)
    territories = len({r.ti_id for r in rows})
    context.log.info(f"{territories} territories, {count} (territory, département) rows ({mode})")
    return MaterializeResult(
        metadata={
            "dagster/row_count": count,
            "territories": territories,
            "source_mode": mode,
            "source_file": file,
        }
    )


@asset(
    key=AssetKey(["raw", "tariff_scenarios"]),
    group_name="raw",
    description=(
        "Tariff scenarios (rate by scenario, partner and product: `*`, A129 or CPF4) in "
        "`raw.tariff_scenarios`, from the file of the `tariff_scenarios` resource "
        "(`TARIFF_SCENARIOS`; by default the shipped US duties on EU goods after the joint "
        "statement of August 2025 and uniform 10 % and 25 %). A bad line is refused whole."
    ),
)
def tariff_scenarios(
    context: AssetExecutionContext,
    tariff_scenarios: TariffScenariosResource,
    warehouse: WarehouseResource,
) -> MaterializeResult:
    from orchestration.ingest.tariff_scenarios import load_scenarios, read_scenarios

    path = tariff_scenarios.path()
    lines = read_scenarios(path)
    count = load_scenarios(warehouse.db_path, lines, str(path))
    scenarios = sorted({line.scenario_id for line in lines})
    context.log.info(f"{len(scenarios)} tariff scenarios, {count} lines from {path}")
    return MaterializeResult(metadata={"dagster/row_count": count,
                                       "scenarios": ", ".join(scenarios),
                                       "source_file": str(path)})  # fmt: skip
