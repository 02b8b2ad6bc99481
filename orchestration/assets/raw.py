"""Raw layer: the year's customs archives, then the raw tables loaded from them."""

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    MaterializeResult,
    MetadataValue,
    asset,
    multi_asset,
)

from orchestration.ingest.load import load_year
from orchestration.ingest.pipeline import acquired_record, raw_cache_dir
from orchestration.ingest.sources import acquire, load_acquired, prepare, save_acquired
from orchestration.ingest.territoires import acquire_territoires, load_territoires
from orchestration.partitions import yearly_partitions
from orchestration.resources import (
    CustomsSourceResource,
    TerritoiresSourceResource,
    WarehouseResource,
)

CUSTOMS_ARCHIVES = AssetKey(["raw", "customs_archives"])
RAW_TABLES = {
    "customs_trade": "Customs trade lines by quarter, flow, département, product and country.",
    "labels_cpf4": "CPF4 product labels shipped with the year's archives (Windows-1252).",
    "labels_a129": "A129 product labels shipped with the year's archives (UTF-8 with BOM).",
    "labels_country": "Country labels with validity periods (codes may repeat).",
    "departments": "Départements and DGDDI regions (Departement_region.txt).",
}


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
    acquired = acquire(
        customs_source.spec(),
        year,
        cache,
        customs_source.fetch_options(),
        synthetic_scale=customs_source.synthetic_scale,
        synthetic_seed=customs_source.synthetic_seed,
    )
    save_acquired(acquired, acquired_record(warehouse.db_path, year))
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


@multi_asset(
    name="raw_customs_tables",
    specs=[
        AssetSpec(
            AssetKey(["raw", table]),
            group_name="raw",
            description=f"`raw.{table}` in DuckDB: {text} One year replaced at a time.",
            deps=[CUSTOMS_ARCHIVES],
        )
        for table, text in RAW_TABLES.items()
    ],
    partitions_def=yearly_partitions,
)
def raw_customs_tables(
    context: AssetExecutionContext,
    warehouse: WarehouseResource,
    customs_source: CustomsSourceResource,
):
    """Load the year into the raw schema in one transaction (strict; nothing half-written)."""
    year = int(context.partition_key)
    acquired = load_acquired(acquired_record(warehouse.db_path, year))
    data_files, labels = prepare(
        acquired,
        raw_cache_dir(warehouse.db_path, year) / "extracted",
        customs_source.max_uncompressed_bytes,
    )
    report = load_year(warehouse.db_path, year, data_files, labels)
    context.log.info(
        f"{year}: loaded {report.rows:,} rows in {report.seconds:.1f} s "
        f"({report.rows / max(report.seconds, 1e-9):,.0f} rows/s)"
    )
    yield MaterializeResult(
        asset_key=AssetKey(["raw", "customs_trade"]),
        metadata={
            "dagster/row_count": report.rows,
            "rows_by_flow": MetadataValue.json(report.rows_by_flow),
            "value_eur_by_flow": MetadataValue.json(report.value_by_flow),
            "vintage": report.vintage,
            "files": MetadataValue.json(report.files),
            "load_seconds": round(report.seconds, 2),
            "warehouse": MetadataValue.path(str(warehouse.db_path)),
        },
    )
    counts = {
        "labels_cpf4": len(labels.cpf4),
        "labels_a129": len(labels.a129),
        "labels_country": len(labels.country),
        "departments": len(labels.departments),
    }
    kinds = {"labels_cpf4": "cpf4", "labels_a129": "a129", "labels_country": "country",
             "departments": "departments"}  # fmt: skip
    for table, count in counts.items():
        yield MaterializeResult(
            asset_key=AssetKey(["raw", table]),
            metadata={"dagster/row_count": count, "source_file": labels.sources[kinds[table]]},
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
    rows, mode, file = acquire_territoires(territoires_source.source, cache)
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
