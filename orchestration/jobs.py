"""The jobs of `Definitions`: what the UI, the schedule, the sensor, backfills and the command
line launch. The command line runs these very jobs (`orchestration/launch.py`), never a selection
of its own:

- `refresh_year`: the whole graph for one year's partition (download, load and its checks, dbt,
  the mart checks, the publication, the dbt docs, the chart datasets and the fiches). The UI's
  job, the schedule's and the sensor's; `build --year Y` runs it.
- `load_year`, `build_warehouse`, `render_year`: the same graph in three parts, for a range of
  years (`build --year 2019..2024`): each year loaded in turn (a year promoted or rejected whole),
  then dbt, checks and publication once over the range (the marts hold every year), then the
  pages of the years asked for.
- `apply_tariff_scenarios`: a new scenario file and what depends on it but the pages and the dbt
  docs (`territorial-trade tariffs`; the pages follow as `render_year` runs).
"""

from __future__ import annotations

from dagster import AssetSelection, define_asset_job

from orchestration.assets.publication import DBT_DOCS
from orchestration.assets.raw import tariff_scenarios

RAW = AssetSelection.groups("raw")
PAGES = AssetSelection.groups("exports")  # chart datasets and fiches

refresh_year = define_asset_job(
    "refresh_year",
    selection=AssetSelection.all(),  # partitioned by year, as its assets are
    description="Download, load, build, check, publish and render one year.",
)
load_year = define_asset_job(
    "load_year",
    selection=RAW,
    description="Download and load one year, run its raw checks and promote it (or reject it "
    "whole); the reference lists and tariff scenarios with it.",
)
build_warehouse = define_asset_job(
    "build_warehouse",
    selection=AssetSelection.all() - RAW - PAGES,
    description="dbt build (models and tests), the mart checks, the publication and the dbt docs, "
    "once for a range of loaded years (the marts hold every year).",
)
render_year = define_asset_job(
    "render_year",
    selection=PAGES,
    description="One year's chart datasets and fiches (HTML and PDF), from the marts.",
)
apply_tariff_scenarios = define_asset_job(
    "apply_tariff_scenarios",
    # a change of scenarios changes rows, never the columns: the dbt docs are left out
    selection=AssetSelection.assets(tariff_scenarios).downstream()
    - PAGES
    - AssetSelection.assets(DBT_DOCS),
    description="Load a tariff scenario file and rebuild the tariff marts, their checks and the "
    "publication (`territorial-trade tariffs`).",
)

JOBS = [refresh_year, load_year, build_warehouse, render_year, apply_tariff_scenarios]
