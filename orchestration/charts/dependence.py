"""Dependence on imports: the products the area depends on for its supplies from outside the
EU-27 (`marts.import_dependence.is_dependent`, docs/indicators.md), the five largest with their
first supplier, and the count and value of them all. Printed as a table, not drawn."""

from __future__ import annotations

import pandas as pd

from orchestration.charts.base import INDICATORS, Chart, Marts, to_float

SHOWN = 5
COLUMNS = ["rank", "cpf4_code", "cpf4_label", "import_eur", "share_of_imports",
           "first_supplier_code", "first_supplier_name", "first_supplier_share",
           "extra_eu_share", "n_dependent", "dependent_eur", "dependent_share"]  # fmt: skip


def build(marts: Marts, level: str, area: str, year: int) -> dict[str, pd.DataFrame]:
    """The five largest dependent imports (`import_dependence.dependent_rank` 1 to 5); every row
    repeats the count, value and share of imports of all the area's dependent products
    (`area_indicators`, flow of imports)."""
    frame = marts.rows("dependence", level, area).sort_values("dependent_rank")
    out = frame.head(SHOWN).rename(columns={"dependent_rank": "rank"})
    summary = marts.rows("indicators", level, area)
    summary = summary[(summary["year"] == year) & (summary["flow"] == "import")]
    found = not summary.empty
    out = out.assign(
        n_dependent=int(summary["n_dependent_products"].iloc[0]) if found else 0,
        dependent_eur=int(summary["dependent_import_eur"].iloc[0]) if found else 0,
        dependent_share=to_float(summary["dependent_import_share"].iloc[0]) if found else None,
    )
    return {"dependence": out[COLUMNS].reset_index(drop=True)}


CHART = Chart(
    name="dependence",
    summary="imports the area depends on outside the EU-27: the five largest, count and value",
    queries={
        "dependence": "SELECT * FROM marts.import_dependence WHERE year = $year AND is_dependent",
        "indicators": INDICATORS,
    },
    datasets={"dependence": COLUMNS},
    build=build,
)
