"""Change and exposure, per flow: change on the year before, rank among peers, shares of the
first partner, the United States, China, the United Kingdom and the EU-27, concentration in
figures and words, energy; every figure from `marts.area_indicators`. Printed as figures, not
drawn."""

from __future__ import annotations

import pandas as pd

from orchestration.charts.base import FLOWS, INDICATORS, Chart, Marts, to_float, to_int

# Concentration in words, from the Herfindahl-Hirschman index (sum of squared shares): the
# thresholds of the US merger guidelines (1 500 and 2 500 on the 0-10 000 scale), documented in
# docs/fiche.md.
HHI_DIVERSIFIED, HHI_CONCENTRATED = 0.15, 0.25
# Energy "weighs" when it is at least this share of a flow: the fiche then gives the balance
# excluding energy.
ENERGY_WEIGHS = 0.10

COLUMNS = [
    "year", "flow", "value_eur", "value_eur_previous_year", "change_ratio", "cagr_5y",
    "rank_in_level", "areas_in_level", "first_partner_code", "first_partner_name",
    "first_partner_share", "us_share", "cn_share", "gb_share", "eu27_share", "n_partners",
    "hhi_partners", "partners_concentration", "n_products_cpf4", "hhi_products_cpf4",
    "products_concentration", "energy_value_eur", "energy_share", "value_excl_energy_eur",
]  # fmt: skip


def concentration_words(hhi: float | None) -> str | None:
    """« diversifié » below 0.15, « concentré » above 0.25, « moyennement concentré » between."""
    if hhi is None or pd.isna(hhi):
        return None
    if hhi < HHI_DIVERSIFIED:
        return "diversifié"
    if hhi > HHI_CONCENTRATED:
        return "concentré"
    return "moyennement concentré"


def build(marts: Marts, level: str, area: str, year: int) -> dict[str, pd.DataFrame]:
    """The area's row of `area_indicators` for each flow, with its concentration in words."""
    rows = marts.rows("indicators", level, area)
    rows = rows[rows["year"] == year]
    records = []
    for flow in FLOWS:
        match = rows[rows["flow"] == flow]
        if match.empty:
            continue
        r = match.iloc[0]
        records.append({
            "year": year, "flow": flow, "value_eur": int(r["value_eur"]),
            "value_eur_previous_year": to_int(r["value_eur_previous_year"]),
            "change_ratio": to_float(r["change_ratio"]),
            "cagr_5y": to_float(r["cagr_5y"]),
            "rank_in_level": to_int(r["rank_in_level"]),  # None for Monaco, not ranked
            "areas_in_level": int(r["areas_in_level"]),
            "first_partner_code": None if pd.isna(r["first_partner_code"])
            else str(r["first_partner_code"]),
            "first_partner_name": None if pd.isna(r["first_partner_name"])
            else str(r["first_partner_name"]),
            "first_partner_share": to_float(r["first_partner_share"]),
            "us_share": to_float(r["us_share"]), "cn_share": to_float(r["cn_share"]),
            "gb_share": to_float(r["gb_share"]), "eu27_share": to_float(r["eu27_share"]),
            "n_partners": int(r["n_partners"]), "hhi_partners": to_float(r["hhi_partners"]),
            "partners_concentration": concentration_words(to_float(r["hhi_partners"])),
            "n_products_cpf4": int(r["n_products_cpf4"]),
            "hhi_products_cpf4": to_float(r["hhi_products_cpf4"]),
            "products_concentration": concentration_words(to_float(r["hhi_products_cpf4"])),
            "energy_value_eur": int(r["energy_value_eur"]),
            "energy_share": to_float(r["energy_share"]),
            "value_excl_energy_eur": int(r["value_excl_energy_eur"]),
        })  # fmt: skip
    return {"exposure": pd.DataFrame(records, columns=COLUMNS)}


CHART = Chart(
    name="exposure",
    summary="change, rank, partner shares, concentration, energy",
    queries={"indicators": INDICATORS},
    datasets={"exposure": COLUMNS},
    build=build,
)
