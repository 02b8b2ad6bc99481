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
HISTORY_YEARS = 10  # years of the evolution chart
# Concentration in words, from the Herfindahl-Hirschman index (sum of squared shares): the
# thresholds of the US merger guidelines (1 500 and 2 500 on the 0-10 000 scale), documented in
# docs/fiche.md.
HHI_DIVERSIFIED, HHI_CONCENTRATED = 0.15, 0.25
# Energy "weighs" when it is at least this share of a flow: the fiche then gives the balance
# excluding energy.
ENERGY_WEIGHS = 0.10


@dataclass(frozen=True)
class Marts:
    """The marts of one year, read once."""

    areas: pd.DataFrame  # dim_areas
    totals: pd.DataFrame  # trade_totals
    partners: pd.DataFrame  # partner_balance
    products: pd.DataFrame  # product_shares (one product level)
    flows: pd.DataFrame  # top_flows (one product level)
    indicators: pd.DataFrame  # area_indicators, every loaded year up to this one
    partner_trends: pd.DataFrame  # partner_trends, this year
    specialisation: pd.DataFrame  # product_specialisation, this year, ranked 1..10
    quarterly: pd.DataFrame  # trade_quarterly, the last 8 quarters up to this year's 4th


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


def concentration_words(hhi: float | None) -> str | None:
    """« diversifié » below 0.15, « concentré » above 0.25, « moyennement concentré » between."""
    if hhi is None or pd.isna(hhi):
        return None
    if hhi < HHI_DIVERSIFIED:
        return "diversifié"
    if hhi > HHI_CONCENTRATED:
        return "concentré"
    return "moyennement concentré"


def evolution_dataset(marts: Marts, level: str, area: str) -> pd.DataFrame:
    """Exports, imports and balance over the loaded years (the last ten), oldest first."""
    frame = _one(marts.indicators, level, area)
    wide = frame.pivot_table(index="year", columns="flow", values="value_eur", aggfunc="sum")
    wide = wide.reindex(columns=list(FLOWS), fill_value=0).fillna(0).astype("int64")
    wide = wide.sort_index().tail(HISTORY_YEARS)
    out = pd.DataFrame({
        "year": wide.index.astype(int),
        "export_eur": wide["export"].to_numpy(),
        "import_eur": wide["import"].to_numpy(),
    })  # fmt: skip
    out["balance_eur"] = out["export_eur"] - out["import_eur"]
    return out.reset_index(drop=True)


def exposure_dataset(marts: Marts, level: str, area: str, year: int) -> pd.DataFrame:
    """Per flow: change on the year before, rank among peers, shares of the first partner, the
    United States, China, the United Kingdom and the EU-27, concentration in figures and words,
    energy."""
    rows = _one(marts.indicators, level, area)
    rows = rows[rows["year"] == year]
    peers = marts.indicators[(marts.indicators["year"] == year)
                             & (marts.indicators["level"] == level)]  # fmt: skip
    partners = _one(marts.partner_trends, level, area)
    records = []
    for flow in FLOWS:
        match = rows[rows["flow"] == flow]
        if match.empty:
            continue
        r = match.iloc[0]
        mine = partners[(partners["flow"] == flow) & (partners["value_eur"] > 0)]
        first = mine.sort_values(["value_eur", "country_code"], ascending=[False, True]).head(1)
        first_code = str(first["country_code"].iloc[0]) if not first.empty else None
        value = int(r["value_eur"])
        energy = int(r["energy_value_eur"])
        records.append({
            "year": year, "flow": flow, "value_eur": value,
            "value_eur_previous_year": _int(r["value_eur_previous_year"]),
            "change_pct": _float(r["change_pct"]),
            "cagr_5y": _float(r["cagr_5y"]),
            "rank_in_level": int(r["rank_in_level"]),
            "areas_in_level": int((peers["flow"] == flow).sum()),
            "first_partner_code": first_code,
            "first_partner_name": (str(first["country_name"].iloc[0])
                                   if not first.empty else None),
            "first_partner_share": (_float(first["share_of_flow"].iloc[0])
                                    if not first.empty else None),
            "us_share": _float(r["us_share"]), "cn_share": _float(r["cn_share"]),
            "gb_share": _float(r["gb_share"]), "eu27_share": _float(r["eu27_share"]),
            "n_partners": int(r["n_partners"]), "hhi_partners": _float(r["hhi_partners"]),
            "partners_concentration": concentration_words(_float(r["hhi_partners"])),
            "n_products_cpf4": int(r["n_products_cpf4"]),
            "hhi_products_cpf4": _float(r["hhi_products_cpf4"]),
            "products_concentration": concentration_words(_float(r["hhi_products_cpf4"])),
            "energy_value_eur": energy,
            "energy_share": energy / value if value else None,
            "value_excl_energy_eur": int(r["value_excl_energy_eur"]),
        })  # fmt: skip
    return pd.DataFrame(records, columns=EXPOSURE_COLUMNS)


EXPOSURE_COLUMNS = [
    "year", "flow", "value_eur", "value_eur_previous_year", "change_pct", "cagr_5y",
    "rank_in_level", "areas_in_level", "first_partner_code", "first_partner_name",
    "first_partner_share", "us_share", "cn_share", "gb_share", "eu27_share", "n_partners",
    "hhi_partners", "partners_concentration", "n_products_cpf4", "hhi_products_cpf4",
    "products_concentration", "energy_value_eur", "energy_share", "value_excl_energy_eur",
]  # fmt: skip


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def quarters_dataset(marts: Marts, level: str, area: str) -> pd.DataFrame:
    """The last eight quarters loaded, by flow, oldest first."""
    frame = _one(marts.quarterly, level, area)
    periods = sorted({(int(y), int(q)) for y, q in zip(frame["year"], frame["quarter"],
                                                       strict=True)})[-8:]  # fmt: skip
    keep = frame[[(int(y), int(q)) in periods for y, q in zip(frame["year"], frame["quarter"],
                                                              strict=True)]]  # fmt: skip
    out = keep[["year", "quarter", "flow", "value_eur", "change_pct_same_quarter_previous_year"]]
    return out.sort_values(["year", "quarter", "flow"]).reset_index(drop=True)


def specialisation_dataset(marts: Marts, level: str, area: str) -> pd.DataFrame:
    """The ten products where the area is most specialised compared with France, per flow."""
    frame = _one(marts.specialisation, level, area)
    frame = frame[frame["rank"].notna() & (frame["rank"] <= 10)]
    out = frame[["flow", "rank", "product_code", "product_label", "value_eur", "share_of_flow",
                 "france_share_of_flow", "specialisation_index"]].copy()  # fmt: skip
    out["rank"] = out["rank"].astype(int)
    return out.sort_values(["flow", "rank"]).reset_index(drop=True)


def area_datasets(marts: Marts, level: str, area: str) -> dict[str, pd.DataFrame]:
    """Every chart dataset of one area: name -> table."""
    year = int(_one(marts.totals, level, area)["year"].iloc[0])
    return {
        "totals": totals_dataset(marts, level, area),
        "partners": partners_dataset(marts, level, area),
        "activities": activities_dataset(marts, level, area),
        "flows_export": sankey_dataset(marts, level, area, "export"),
        "flows_import": sankey_dataset(marts, level, area, "import"),
        "evolution": evolution_dataset(marts, level, area),
        "exposure": exposure_dataset(marts, level, area, year),
        "quarters": quarters_dataset(marts, level, area),
        "specialisation": specialisation_dataset(marts, level, area),
    }
