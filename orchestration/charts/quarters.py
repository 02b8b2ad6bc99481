"""The last eight quarters loaded, by flow, oldest first, with the change on the same quarter
of the year before."""

from __future__ import annotations

import pandas as pd

from orchestration.charts.base import Chart, Marts, drawn_from

COLUMNS = ["year", "quarter", "flow", "value_eur", "change_pct_same_quarter_previous_year"]


def build(marts: Marts, level: str, area: str, year: int) -> dict[str, pd.DataFrame]:
    frame = marts.rows("quarterly", level, area)
    periods = sorted({(int(y), int(q)) for y, q in zip(frame["year"], frame["quarter"],
                                                       strict=True)})[-8:]  # fmt: skip
    keep = frame[[(int(y), int(q)) in periods for y, q in zip(frame["year"], frame["quarter"],
                                                              strict=True)]]  # fmt: skip
    out = keep[COLUMNS]
    return {"quarters": out.sort_values(["year", "quarter", "flow"]).reset_index(drop=True)}


CHART = Chart(
    name="quarters",
    summary="the last eight quarters",
    queries={
        "quarterly": "SELECT * FROM marts.trade_quarterly WHERE year BETWEEN $year - 2 AND $year"
    },
    datasets={"quarters": COLUMNS},
    build=build,
    **drawn_from("quarters", "quarters_svg", "quarters_div"),
)
