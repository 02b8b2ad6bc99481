"""Headline figures (« chiffres clés »): per flow, the area's value, its region's and France's,
and its shares of them. Printed as figures, not drawn."""

from __future__ import annotations

import pandas as pd

from orchestration.charts.base import AREAS, FLOWS, TOTALS, Chart, Marts, to_float


def build(marts: Marts, level: str, area: str, year: int) -> dict[str, pd.DataFrame]:
    row = marts.rows("totals", level, area).iloc[0]
    info = marts.rows("areas", level, area)
    if info.empty:
        raise KeyError(f"area {level}/{area} is not in marts.dim_areas")
    info = info.iloc[0]
    region = None
    if level == "department":
        region_rows = marts.rows("totals", "region", info["region_code"])
        region = region_rows.iloc[0] if not region_rows.empty else None
    france = marts.rows("totals", "france", "FR").iloc[0]
    records = []
    for flow in FLOWS:
        records.append(
            {
                "year": int(row["year"]),
                "level": level,
                "area_code": area,
                "area_name": info["area_name"],
                "region_code": info["region_code"] if level == "department" else None,
                "region_name": info["region_name"] if level == "department" else None,
                "flow": flow,
                "value_eur": int(row[f"{flow}_eur"]),
                "share_of_region": to_float(row[f"{flow}_share_of_region"]),
                "share_of_france": to_float(row[f"{flow}_share_of_france"]),
                "region_value_eur": int(region[f"{flow}_eur"]) if region is not None else None,
                "france_value_eur": int(france[f"{flow}_eur"]),
                "balance_eur": int(row["balance_eur"]),
            }
        )
    return {"totals": pd.DataFrame(records, columns=COLUMNS)}


COLUMNS = ["year", "level", "area_code", "area_name", "region_code", "region_name", "flow",
           "value_eur", "share_of_region", "share_of_france", "region_value_eur",
           "france_value_eur", "balance_eur"]  # fmt: skip

CHART = Chart(
    name="totals",
    summary="headline figures and shares",
    queries={"totals": TOTALS, "areas": AREAS},
    datasets={"totals": COLUMNS},
    build=build,
)
