"""The last eight quarters loaded, by flow, oldest first, with the change on the same quarter
of the year before."""

from __future__ import annotations

import pandas as pd

from orchestration.charts import palette
from orchestration.charts.base import Chart, Marts
from orchestration.charts.draw import FULL_WIDTH, bars

COLUMNS = ["year", "quarter", "flow", "value_eur", "change_ratio_same_quarter_previous_year"]


def build(marts: Marts, level: str, area: str, year: int) -> dict[str, pd.DataFrame]:
    frame = marts.rows("quarterly", level, area)
    periods = sorted({(int(y), int(q)) for y, q in zip(frame["year"], frame["quarter"],
                                                       strict=True)})[-8:]  # fmt: skip
    keep = frame[[(int(y), int(q)) in periods for y, q in zip(frame["year"], frame["quarter"],
                                                              strict=True)]]  # fmt: skip
    out = keep[COLUMNS]
    return {"quarters": out.sort_values(["year", "quarter", "flow"]).reset_index(drop=True)}


def draw(tables: dict[str, pd.DataFrame], flow: str | None = None, small: bool = False,
         width: float = FULL_WIDTH, height: float = 2.4) -> str:  # fmt: skip
    """The last eight quarters, exports and imports side by side."""
    quarters = tables["quarters"]
    periods = sorted({(int(y), int(q)) for y, q in zip(quarters["year"], quarters["quarter"],
                                                       strict=True)})  # fmt: skip
    series = []
    for flow_ in ("export", "import"):
        rows = quarters[quarters["flow"] == flow_].set_index(["year", "quarter"])["value_eur"]
        series.append((palette.FLOW_LABEL[flow_], palette.FLOW_COLOUR[flow_],
                       [rows.get(p, 0) / 1e6 for p in periods]))  # fmt: skip
    return bars(
        [f"T{q} {y}" for y, q in periods], series, None,
        [("square", colour, label) for label, colour, _ in series], width, height,
    )  # fmt: skip


CHART = Chart(
    name="quarters",
    summary="the last eight quarters",
    queries={
        "quarterly": "SELECT * FROM marts.trade_quarterly WHERE year BETWEEN $year - 2 AND $year"
    },
    datasets={"quarters": COLUMNS},
    build=build,
    draw=draw,
    titles={None: "Exportations et importations des derniers trimestres"},
    table={"year": "Année", "quarter": "Trimestre", "flow": "Flux", "value_eur": "Valeur"},
)
