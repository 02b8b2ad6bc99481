"""Exports, imports and the balance over the loaded years (the last ten), oldest first."""

from __future__ import annotations

import pandas as pd

from orchestration.charts import palette
from orchestration.charts.base import Chart, Marts
from orchestration.charts.draw import BALANCE_LEGEND, FULL_WIDTH, bars

HISTORY_YEARS = 10
COLUMNS = ["year", "export_eur", "import_eur", "balance_eur"]


def build(marts: Marts, level: str, area: str, year: int) -> dict[str, pd.DataFrame]:
    """The area's totals of its last loaded years (`trade_totals`), at most HISTORY_YEARS."""
    frame = marts.rows("history", level, area).sort_values("year").tail(HISTORY_YEARS)
    out = frame[COLUMNS].astype({"year": int})
    return {"evolution": out.reset_index(drop=True)}


def draw(tables: dict[str, pd.DataFrame], flow: str | None = None, small: bool = False,
         width: float = FULL_WIDTH, height: float = 2.8) -> str:  # fmt: skip
    """Exports and imports of each loaded year (bars), the balance (diamonds, green or red)."""
    evolution = tables["evolution"]
    return bars(
        [str(y) for y in evolution["year"]],
        [("Exportations", palette.EXPORT_VIOLET, list(evolution["export_eur"] / 1e6)),
         ("Importations", palette.IMPORT_BLUE, list(evolution["import_eur"] / 1e6))],
        list(evolution["balance_eur"] / 1e6),
        [("square", palette.EXPORT_VIOLET, "Exportations"),
         ("square", palette.IMPORT_BLUE, "Importations"), *BALANCE_LEGEND],
        width, height,
    )  # fmt: skip


CHART = Chart(
    name="evolution",
    summary="exports, imports and balance over the loaded years",
    queries={"history": "SELECT * FROM marts.trade_totals WHERE year <= $year"},
    datasets={"evolution": COLUMNS},
    build=build,
    draw=draw,
    titles={None: "Exportations, importations et solde"},
    table={
        "year": "Année",
        "export_eur": "Exportations",
        "import_eur": "Importations",
        "balance_eur": "Solde",
    },
)
