"""The ten products where the area is most specialised compared with France, per flow.
Printed as a table, not drawn."""

from __future__ import annotations

import pandas as pd

from orchestration.charts.base import Chart, Marts

COLUMNS = ["flow", "rank", "product_code", "product_label", "value_eur", "share_of_flow",
           "france_share_of_flow", "specialisation_index"]  # fmt: skip


def build(marts: Marts, level: str, area: str, year: int) -> dict[str, pd.DataFrame]:
    frame = marts.rows("specialisation", level, area)
    frame = frame[frame["rank"].notna() & (frame["rank"] <= 10)]
    out = frame[COLUMNS].copy()
    out["rank"] = out["rank"].astype(int)
    return {"specialisation": out.sort_values(["flow", "rank"]).reset_index(drop=True)}


CHART = Chart(
    name="specialisation",
    summary="the ten products most over-represented compared with France",
    queries={
        "specialisation": "SELECT * FROM marts.product_specialisation "
        "WHERE year = $year AND rank <= 10"
    },
    datasets={"specialisation": COLUMNS},
    build=build,
)
