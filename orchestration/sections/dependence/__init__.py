"""« Dépendances à l'import »: the products the area depends on for its supplies from outside
the EU-27 (`marts.import_dependence.is_dependent`, docs/indicators.md), the five largest with
their first supplier, and the count and value of them all beside its region's and France's.
Printed as figures and tables, not drawn."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from orchestration.charts.base import INDICATORS, Chart, Marts, to_float
from orchestration.charts.format import meur, percent
from orchestration.sections.base import Section, beside

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


def figures(area) -> dict:
    """An area's count, value and share of imports of its dependent products."""
    table = area.tables["dependence"]
    if table.empty:
        return {"name": area.display_name, "count": 0, "value": meur(0), "share": percent(0)}
    first = table.iloc[0]
    return {"name": area.display_name, "count": int(first["n_dependent"]),
            "value": meur(first["dependent_eur"]),
            "share": percent(to_float(first["dependent_share"]))}  # fmt: skip


def context(area, comparisons: list) -> dict | None:
    """How many imported products meet the three criteria, their value and share of imports
    (beside the region's and France's), the five largest with their first supplier. Not shown
    for an area without trade (no exposure row with a value)."""
    if not any(e["value_eur"] for e in area.records("exposure")):
        return None
    table = area.tables["dependence"]
    columns = beside(figures(area), [figures(a) for a in comparisons])
    if table.empty:
        return {"count": 0, "rows": [], "columns": columns}
    first = table.iloc[0]
    return {
        "count": int(first["n_dependent"]),
        "value": meur(first["dependent_eur"]),
        "share": percent(to_float(first["dependent_share"])),
        "columns": columns,
        "rows": [
            {"label": r["cpf4_label"] or r["cpf4_code"], "code": r["cpf4_code"],
             "value": meur(r["import_eur"]), "share": percent(to_float(r["share_of_imports"])),
             "supplier": f"{r['first_supplier_name'] or r['first_supplier_code']} "
                         f"({percent(r['first_supplier_share'])})",
             "extra_eu": percent(r["extra_eu_share"])}
            for r in area.records("dependence")
        ],
    }  # fmt: skip


SECTION = Section(
    chart=Chart(
        name="dependence",
        summary="imports the area depends on outside the EU-27: the five largest, count and value",
        queries={
            "dependence": (
                "SELECT * FROM marts.import_dependence WHERE year = $year AND is_dependent"
            ),
            "indicators": INDICATORS,
        },
        datasets={"dependence": COLUMNS},
        build=build,
    ),
    context=context,
    folder=Path(__file__).parent,
)
