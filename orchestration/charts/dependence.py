"""Dependence on imports: the products the area depends on for its supplies from outside the
EU-27 (`marts.import_dependence.is_dependent`, docs/indicators.md), the five largest with their
first supplier, and the count and value of them all. Printed as a table, not drawn."""

from __future__ import annotations

import pandas as pd

from orchestration.charts.base import TOTALS, Chart, Marts

SHOWN = 5
COLUMNS = ["rank", "cpf4_code", "cpf4_label", "import_eur", "share_of_imports",
           "first_supplier_code", "first_supplier_name", "first_supplier_share",
           "extra_eu_share", "n_dependent", "dependent_eur", "dependent_share"]  # fmt: skip


def build(marts: Marts, level: str, area: str, year: int) -> dict[str, pd.DataFrame]:
    """The five largest dependent imports by value (ties by code); every row repeats the count,
    value and share of imports of all the area's dependent products."""
    frame = marts.rows("dependence", level, area)
    totals = marts.rows("totals", level, area)
    imports = int(totals["import_eur"].iloc[0]) if len(totals) else 0
    frame = frame.sort_values(["import_eur", "cpf4_code"], ascending=[False, True])
    out = frame.head(SHOWN).copy()
    out["rank"] = range(1, len(out) + 1)
    out["share_of_imports"] = out["import_eur"] / imports if imports else None
    out["n_dependent"] = len(frame)
    out["dependent_eur"] = int(frame["import_eur"].sum())
    out["dependent_share"] = frame["import_eur"].sum() / imports if imports else None
    return {"dependence": out[COLUMNS].reset_index(drop=True)}


CHART = Chart(
    name="dependence",
    summary="imports the area depends on outside the EU-27: the five largest, count and value",
    queries={
        "dependence": "SELECT * FROM marts.import_dependence WHERE year = $year AND is_dependent",
        "totals": TOTALS,
    },
    datasets={"dependence": COLUMNS},
    build=build,
)
