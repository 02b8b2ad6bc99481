"""What a chart of the fiche is: the marts it reads, the datasets it writes, how it is drawn.

A dataset is a tidy table computed from the marts only (selecting and ordering, no new figure),
written as CSV and JSON for every area; a drawing reads the dataset back, so the page, the PDF
and a BI tool show the same numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pandas as pd

FLOWS = ("export", "import")


class Marts(SimpleNamespace):
    """The mart frames of one year, read once, by query name (`marts.totals`, ...)."""

    def rows(self, name: str, level: str, area: str) -> pd.DataFrame:
        """The rows of one area in frame `name` (split by area once per frame: a year's
        datasets take each area's rows of every frame, 120 areas)."""
        groups = self.__dict__.setdefault("_by_area", {})
        if name not in groups:
            frame = getattr(self, name)
            groups[name] = dict(iter(frame.groupby(["level", "area_code"], sort=False)))
            groups[name][None] = frame.iloc[0:0]
        return groups[name].get((level, area), groups[name][None])


# (tables: the area's datasets by name, flow, small) -> an SVG document
Drawing = Callable[[dict[str, pd.DataFrame], str | None, bool], str]


@dataclass(frozen=True)
class Chart:
    """One chart of the fiche (or one table of figures the fiche prints, without a drawing).

    `queries`: frame name -> SQL over the marts, `$year` the fiche's year; charts that read the
    same frame give the same SQL. `datasets`: dataset name -> its columns, in order (a per-flow
    chart names its datasets `<name>_<flow>`). `build(marts, level, area_code, year)` returns
    each dataset of one area. `draw` draws it, once, as SVG: the page shows it inline and the
    PDF places the same file. `table`: the columns a reader gets as the chart's data table (its
    text alternative), with their French headers; None for a table of figures without drawing.
    `compact`: see the field.
    """

    name: str
    summary: str  # what the datasets hold, for the asset's description
    queries: dict[str, str]
    datasets: dict[str, list[str]]
    build: Callable[[Marts, str, str, int], dict[str, pd.DataFrame]]
    draw: Drawing | None = None
    table: dict[str, str] | None = None
    titles: dict[str | None, str] = field(default_factory=dict)  # by flow (None: one chart)
    compared: bool = False  # also drawn small for the region and France beside a département
    # keyword arguments of `draw` for shorter drawings, tallest first, that the PDF may place
    # instead when its page is short of room (`floating-fit` in fiche_body.typ)
    compact: tuple[dict[str, float], ...] = ()

    @property
    def per_flow(self) -> bool:
        """One drawing per flow (datasets `<name>_export`, `<name>_import`)."""
        return all(d.endswith(tuple(f"_{f}" for f in FLOWS)) for d in self.datasets)

    @property
    def marts(self) -> set[str]:
        """The dbt models this chart reads."""
        return {m for sql in self.queries.values() for m in re.findall(r"\bmarts\.(\w+)", sql)}

    def inputs(self, flow: str | None = None) -> list[str]:
        """The datasets one drawing reads: all of them, or those of one flow."""
        return [d for d in self.datasets if flow is None or d.endswith(f"_{flow}")]


def to_float(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def to_int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


# Frames that several charts read.
TOTALS = "SELECT * FROM marts.trade_totals WHERE year = $year"
AREAS = "SELECT * FROM marts.dim_areas"
INDICATORS = "SELECT * FROM marts.area_indicators WHERE year <= $year"
