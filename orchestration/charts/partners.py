"""The ten first partners by trade: imports (left), exports (right), the balance (a marker)."""

from __future__ import annotations

import pandas as pd

from orchestration.charts.base import Chart, Marts, drawn_from

TOP_PARTNERS = 10
COLUMNS = ["rank", "country_code", "country_name", "import_eur", "export_eur", "balance_eur",
           "trade_eur", "balance_sign"]  # fmt: skip


def build(marts: Marts, level: str, area: str, year: int) -> dict[str, pd.DataFrame]:
    frame = marts.rows("partners", level, area)
    frame = frame[frame["rank"] <= TOP_PARTNERS].sort_values("rank")
    out = frame[COLUMNS[:-1]].copy()
    out["balance_sign"] = out["balance_eur"].map(lambda v: "positive" if v >= 0 else "negative")
    return {"partners": out.reset_index(drop=True)}


CHART = Chart(
    name="partners",
    summary="the ten first partners' imports, exports and balance",
    queries={"partners": "SELECT * FROM marts.partner_balance WHERE year = $year AND rank <= 10"},
    datasets={"partners": COLUMNS},
    build=build,
    **drawn_from("partners", "partners_svg", "partners_div"),
)
