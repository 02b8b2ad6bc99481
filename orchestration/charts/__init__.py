"""The registry of the fiche's charts: one module per chart, each declaring the marts it reads
(SQL), the datasets it writes (their columns) and how it is drawn (one SVG, for the page and the
PDF). See `base.Chart`.

Adding a chart: a module here defining `CHART`, its place in `CHARTS` below (the order the
datasets are written in), and its place in the templates (`fiches/templates/fiche.*`). The chart
datasets asset, its dependencies on the marts, the page keys and the renderer follow from here.
A panel printed as figures and tables is a section instead (`orchestration.sections`): its chart
joins this registry from there.
"""

from __future__ import annotations

from orchestration.charts import (
    activities,
    evolution,
    exposure,
    flows,
    partners,
    quarters,
    specialisation,
    totals,
)
from orchestration.charts.base import Chart
from orchestration.sections import SECTIONS

CHARTS: dict[str, Chart] = {
    chart.name: chart
    for chart in (
        totals.CHART,
        partners.CHART,
        activities.CHART,
        flows.CHART,
        evolution.CHART,
        exposure.CHART,
        quarters.CHART,
        specialisation.CHART,
        *(section.chart for section in SECTIONS),
    )
}

# Every dataset of an area, in order, with its columns.
DATASETS: dict[str, list[str]] = {
    name: columns for chart in CHARTS.values() for name, columns in chart.datasets.items()
}

# The dbt models the charts read: the chart datasets asset depends on them.
MARTS: list[str] = sorted({mart for chart in CHARTS.values() for mart in chart.marts})


def _queries() -> dict[str, str]:
    queries: dict[str, str] = {}
    for chart in CHARTS.values():
        for name, sql in chart.queries.items():
            if queries.setdefault(name, sql) != sql:
                raise ValueError(f"two charts read frame {name!r} with different SQL")
    return queries


QUERIES = _queries()  # frame name -> SQL: what `read_marts` reads for a year


def charts_reading(marts: set[str]) -> list[str]:
    """The charts that read any of the dbt models `marts`, in order."""
    return [chart.name for chart in CHARTS.values() if chart.marts & marts]


def area_datasets(marts, level: str, area: str, year: int,
                  charts: list[str] | None = None) -> dict:  # fmt: skip
    """Every dataset of one area (or of the `charts` named), in order: name -> table (its
    declared columns checked)."""
    out = {}
    for chart in CHARTS.values():
        if charts is not None and chart.name not in charts:
            continue
        for name, table in chart.build(marts, level, area, year).items():
            if list(table.columns) != chart.datasets[name]:
                raise ValueError(
                    f"chart {chart.name!r}: dataset {name!r} has columns {list(table.columns)}, "
                    f"declared {chart.datasets[name]}"
                )
            out[name] = table
    return out
