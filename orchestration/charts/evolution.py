"""Exports, imports and the balance over the loaded years (the last ten), oldest first."""

from __future__ import annotations

import pandas as pd

from orchestration.charts.base import FLOWS, INDICATORS, Chart, Marts, drawn_from

HISTORY_YEARS = 10
COLUMNS = ["year", "export_eur", "import_eur", "balance_eur"]


def build(marts: Marts, level: str, area: str, year: int) -> dict[str, pd.DataFrame]:
    frame = marts.rows("indicators", level, area)
    wide = frame.pivot_table(index="year", columns="flow", values="value_eur", aggfunc="sum")
    wide = wide.reindex(columns=list(FLOWS), fill_value=0).fillna(0).astype("int64")
    wide = wide.sort_index().tail(HISTORY_YEARS)
    out = pd.DataFrame({
        "year": wide.index.astype(int),
        "export_eur": wide["export"].to_numpy(),
        "import_eur": wide["import"].to_numpy(),
    })  # fmt: skip
    out["balance_eur"] = out["export_eur"] - out["import_eur"]
    return {"evolution": out.reset_index(drop=True)}


CHART = Chart(
    name="evolution",
    summary="exports, imports and balance over the loaded years",
    queries={"indicators": INDICATORS},
    datasets={"evolution": COLUMNS},
    build=build,
    **drawn_from("evolution", "evolution_svg", "evolution_div"),
)
