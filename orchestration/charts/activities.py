"""Treemap of the products of each flow, sized by value, with their share of the flow."""

from __future__ import annotations

import pandas as pd

from orchestration.charts.base import TOTALS, Chart, Marts, drawn_from

COLUMNS = ["flow", "rank", "product_level", "product_code", "product_label", "value_eur",
           "share_of_flow", "flow_total_eur"]  # fmt: skip


def build(marts: Marts, level: str, area: str, year: int) -> dict[str, pd.DataFrame]:
    frame = marts.rows("products", level, area).sort_values(["flow", "rank"])
    totals = marts.rows("totals", level, area).iloc[0]
    out = frame[COLUMNS[:-1]].copy()
    out["flow_total_eur"] = out["flow"].map(lambda f: int(totals[f"{f}_eur"]))
    return {"activities": out.reset_index(drop=True)}


CHART = Chart(
    name="activities",
    summary="every product of each flow with its share (treemap)",
    queries={
        "products": "SELECT * FROM marts.product_shares "
        "WHERE year = $year AND product_level = 'a129'",
        "totals": TOTALS,
    },
    datasets={"activities": COLUMNS},
    build=build,
    **drawn_from("activities", "treemap_svg", "treemap_div"),
)
