"""Exports layer: chart datasets per area and year, written beside the warehouse."""

from dagster import (
    AssetExecutionContext,
    AssetKey,
    Config,
    MaterializeResult,
    MetadataValue,
    asset,
)
from dagster_dbt import get_asset_key_for_model
from pydantic import Field

from orchestration.assets.dbt import trade_dbt_models
from orchestration.chart_datasets.store import exports_dir, write_year_datasets
from orchestration.charts import CHARTS, MARTS
from orchestration.fiches.outdated import withdraw_outdated
from orchestration.partitions import yearly_partitions
from orchestration.resources import WarehouseResource

CHART_DATASETS = AssetKey(["exports", "chart_datasets"])


class ChartDatasetsConfig(Config):
    """`charts`: write only these charts' datasets (`territorial-trade tariffs` rewrites those
    that read the tariff marts); empty, the default: every chart's."""

    charts: list[str] = Field(default_factory=list)


@asset(
    key=CHART_DATASETS,
    group_name="exports",
    partitions_def=yearly_partitions,
    # the charts' marts, and the vintage of the year (`store.read_vintage`)
    deps=[get_asset_key_for_model([trade_dbt_models], m) for m in [*MARTS, "dim_years"]],
    description=(
        "One tidy file per chart of the fiche, in CSV and JSON, for every area (each département, "
        "region, and France) and year, under `exports/<year>/<level>/<area_code>/` beside the "
        "warehouse: "
        + "; ".join(f"{', '.join(c.datasets)} ({c.summary})" for c in CHARTS.values())
        + "."
    ),
)
def chart_datasets(
    context: AssetExecutionContext, config: ChartDatasetsConfig, warehouse: WarehouseResource
) -> MaterializeResult:
    year = int(context.partition_key)
    unknown = sorted(set(config.charts) - set(CHARTS))
    if unknown:
        raise ValueError(f"unknown chart(s) {', '.join(unknown)}: expected some of {list(CHARTS)}")
    charts = config.charts or None
    keys, files, vintage = write_year_datasets(warehouse.db_path, year, charts)
    context.log.info(f"{year}: {files} chart dataset files for {keys} areas")
    # pages made from datasets that just changed: withdrawn, never shown from an older vintage
    withdrawn = withdraw_outdated(warehouse.db_path, year)
    if withdrawn["fiches"] or withdrawn["territories"]:
        context.log.info(
            f"{year}: {len(withdrawn['fiches'])} fiches and {len(withdrawn['territories'])} "
            "territory pages withdrawn (their datasets changed); the fiches step renders them"
        )
    return MaterializeResult(
        metadata={
            "areas": keys,
            "files": files,
            "vintage": vintage,
            "charts": ", ".join(charts or CHARTS),
            "pages_withdrawn": len(withdrawn["fiches"]) + len(withdrawn["territories"]),
            "folder": MetadataValue.path(str(exports_dir(warehouse.db_path, year))),
        }
    )


FICHES = AssetKey(["exports", "fiches"])


@asset(
    key=FICHES,
    group_name="exports",
    partitions_def=yearly_partitions,
    deps=[CHART_DATASETS, get_asset_key_for_model([trade_dbt_models], "dim_territoires_industrie")],
    description=(
        "The fiches « Les indicateurs clés : commerce extérieur » of every département, region "
        "and France, in French: `fiche.html` (inline SVG charts, works offline) and its A4 PDF "
        "(`fiche-92-2024.pdf`, `fiche-region-11-2024.pdf`, `fiche-france-2024.pdf`) "
        "beside each area's chart datasets, drawn from those datasets; each département fiche "
        "lists its Territoires d'industrie. One entry page per territory "
        "(`territoires/<id>/index.html`, and `territoire-<id>-<year>.pdf` gathering its "
        "départements' fiches), and the index pages `exports/<year>/index.html` and "
        "`territoires/index.html`. Rendered on every core."
    ),
)
def fiches(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    from orchestration.display import page_progress
    from orchestration.fiches.batch import render_selection
    from orchestration.fiches.names import fiche_pdf

    done = render_selection(warehouse.db_path, int(context.partition_key),
                            progress=page_progress(context.log.info),
                            say=context.log.info)  # fmt: skip
    return MaterializeResult(
        metadata={
            "fiches": done["fiches"],
            "territories": done["territories"],
            "seconds": done["seconds"],
            "index": MetadataValue.path(str(done["index"])),
            "hauts_de_seine": MetadataValue.path(
                str(
                    done["folder"]
                    / "department"
                    / "92"
                    / fiche_pdf("department", "92", int(context.partition_key))
                )
            ),
        }
    )
