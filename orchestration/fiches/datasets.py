"""Chart datasets of the fiche, one tidy table per chart and area, computed from the marts.

Pure functions: mart DataFrames in, per-area DataFrames / dicts out. Every number is a mart's
number (no recomputation beyond selecting and ordering), so another renderer or a BI tool draws
the same charts from these files.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

FLOWS = ("export", "import")
TOP_PARTNERS = 10


@dataclass(frozen=True)
class Marts:
    """The marts of one year, read once."""

    areas: pd.DataFrame  # dim_areas
    totals: pd.DataFrame  # trade_totals
    partners: pd.DataFrame  # partner_balance
    products: pd.DataFrame  # product_shares (one product level)
    flows: pd.DataFrame  # top_flows (one product level)


def area_keys(marts: Marts) -> list[tuple[str, str]]:
    """(level, area_code) of every area with trade that year, départements first."""
    order = {"department": 0, "region": 1, "france": 2}
    keys = {(r.level, r.area_code) for r in marts.totals.itertuples()}
    return sorted(keys, key=lambda k: (order[k[0]], k[1]))


def _one(frame: pd.DataFrame, level: str, area: str) -> pd.DataFrame:
    return frame[(frame["level"] == level) & (frame["area_code"] == area)]


def _area_row(marts: Marts, level: str, area: str) -> pd.Series:
    rows = _one(marts.areas, level, area)
    if rows.empty:
        raise KeyError(f"area {level}/{area} is not in marts.dim_areas")
    return rows.iloc[0]


def totals_dataset(marts: Marts, level: str, area: str) -> pd.DataFrame:
    """Headline figures: per flow, the area's value, its region's and France's, and the shares."""
    row = _one(marts.totals, level, area).iloc[0]
    info = _area_row(marts, level, area)
    region = None
    if level == "department":
        region_rows = _one(marts.totals, "region", info["region_code"])
        region = region_rows.iloc[0] if not region_rows.empty else None
    france = _one(marts.totals, "france", "FR").iloc[0]
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
                "share_of_region": _float(row[f"{flow}_share_of_region"]),
                "share_of_france": _float(row[f"{flow}_share_of_france"]),
                "region_value_eur": int(region[f"{flow}_eur"]) if region is not None else None,
                "france_value_eur": int(france[f"{flow}_eur"]),
                "balance_eur": int(row["balance_eur"]),
            }
        )
    return pd.DataFrame(records)


def _float(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def partners_dataset(marts: Marts, level: str, area: str) -> pd.DataFrame:
    """The top 10 partners by trade: imports (drawn left), exports (right), balance (colour)."""
    frame = _one(marts.partners, level, area)
    frame = frame[frame["rank"] <= TOP_PARTNERS].sort_values("rank")
    out = frame[["rank", "country_code", "country_name", "import_eur", "export_eur",
                 "balance_eur", "trade_eur"]].copy()  # fmt: skip
    out["balance_sign"] = out["balance_eur"].map(lambda v: "positive" if v >= 0 else "negative")
    return out.reset_index(drop=True)


def activities_dataset(marts: Marts, level: str, area: str) -> pd.DataFrame:
    """Treemap tiles: every product of each flow with its share; flow totals size the blocks."""
    frame = _one(marts.products, level, area).sort_values(["flow", "rank"])
    totals = _one(marts.totals, level, area).iloc[0]
    out = frame[["flow", "rank", "product_level", "product_code", "product_label",
                 "value_eur", "share_of_flow"]].copy()  # fmt: skip
    out["flow_total_eur"] = out["flow"].map(lambda f: int(totals[f"{f}_eur"]))
    return out.reset_index(drop=True)


def sankey_dataset(marts: Marts, level: str, area: str, flow: str) -> pd.DataFrame:
    """Sankey links. Exports: product (left) -> country (right); imports: country -> product.

    Ranks order the nodes on each side, `AUTRES` (rank N+1) last; `is_top_link` marks the
    highlighted links of `top_flows` exactly.
    """
    frame = _one(marts.flows, level, area)
    frame = frame[frame["flow"] == flow]
    product = frame[["product_code", "product_label", "product_rank"]].to_numpy().T
    country = frame[["country_code", "country_name", "country_rank"]].to_numpy().T
    left, right = (product, country) if flow == "export" else (country, product)
    out = pd.DataFrame(
        {
            "flow": flow,
            "source_side": "product" if flow == "export" else "country",
            "source_code": left[0],
            "source_label": left[1],
            "source_rank": left[2].astype(int),
            "target_code": right[0],
            "target_label": right[1],
            "target_rank": right[2].astype(int),
            "value_eur": frame["value_eur"].astype("int64").to_numpy(),
            "is_top_link": frame["is_top_link"].astype(bool).to_numpy(),
        }
    )
    return out.sort_values(["source_rank", "target_rank"]).reset_index(drop=True)


def sankey_nodes(links: pd.DataFrame) -> dict[str, list[dict]]:
    """The two node columns of a Sankey, by rank (`AUTRES` last), with their totals."""
    sides = {}
    for side in ("source", "target"):
        nodes = (
            links.groupby([f"{side}_rank", f"{side}_code", f"{side}_label"], as_index=False)[
                "value_eur"
            ]
            .sum()
            .sort_values(f"{side}_rank")
        )
        sides[side] = [
            {"rank": int(r[0]), "code": r[1], "label": r[2], "value_eur": int(r[3])}
            for r in nodes.itertuples(index=False)
        ]
    return sides


def area_datasets(marts: Marts, level: str, area: str) -> dict[str, pd.DataFrame]:
    """Every chart dataset of one area: name -> table."""
    return {
        "totals": totals_dataset(marts, level, area),
        "partners": partners_dataset(marts, level, area),
        "activities": activities_dataset(marts, level, area),
        "flows_export": sankey_dataset(marts, level, area, "export"),
        "flows_import": sankey_dataset(marts, level, area, "import"),
    }
