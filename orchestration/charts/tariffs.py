"""Exposure to tariffs: what the first scenario of the tariff file (`scenario_order` 1, the US
duties on EU goods as shipped) would cost the area's exports at constant flows
(`marts.tariff_exposure`, docs/indicators.md), and its five most taxed products. Printed as
figures and a table, not drawn."""

from __future__ import annotations

import pandas as pd

from orchestration.charts.base import Chart, Marts, to_float

SHOWN = 5
# partner_codes: comma-separated; partner_names: the same partners, "; "-separated
SUMMARY = ["scenario_id", "scenario_label", "partner_codes", "partner_names", "export_eur",
           "exports_to_partners_eur", "partners_share", "exposed_eur", "exposed_share",
           "duties_eur", "duties_share"]  # fmt: skip
PRODUCTS = ["rank", "cpf4_code", "cpf4_label", "export_eur", "rate", "duties_eur",
            "share_of_duties"]  # fmt: skip


def build(marts: Marts, level: str, area: str, year: int) -> dict[str, pd.DataFrame]:
    """The area's figures under the first scenario (no row when it exports nothing), and its
    five products bearing the largest duties, to all the scenario's partners together (ties
    by code); `rate` is then the duties over those exports."""
    rows = marts.rows("tariff_exposure", level, area)
    products = marts.rows("tariff_products", level, area)
    partners = marts.tariff_partners
    codes = ",".join(partners["partner_code"])
    names = "; ".join(partners["partner_name"].fillna(partners["partner_code"]))
    summary = []
    for r in rows.itertuples():
        summary.append({
            "scenario_id": r.scenario_id, "scenario_label": r.scenario_label,
            "partner_codes": codes, "partner_names": names, "export_eur": int(r.export_eur),
            "exports_to_partners_eur": int(r.exports_to_partners_eur),
            "partners_share": r.exports_to_partners_eur / r.export_eur,
            "exposed_eur": int(r.exposed_eur), "exposed_share": to_float(r.exposed_share),
            "duties_eur": float(r.duties_eur), "duties_share": to_float(r.duties_share),
        })  # fmt: skip
    by_product = (
        products[products["duties_eur"] > 0]
        .groupby(["cpf4_code", "cpf4_label"], dropna=False, as_index=False)[
            ["export_eur", "duties_eur"]
        ]
        .sum()
        .sort_values(["duties_eur", "cpf4_code"], ascending=[False, True])
    )
    total = by_product["duties_eur"].sum()
    top = by_product.head(SHOWN).copy()
    top["rank"] = range(1, len(top) + 1)
    top["export_eur"] = top["export_eur"].astype("int64")
    top["rate"] = top["duties_eur"] / top["export_eur"]
    top["share_of_duties"] = top["duties_eur"] / total if total else None
    return {
        "tariffs": pd.DataFrame(summary, columns=SUMMARY),
        "tariff_products": top[PRODUCTS].reset_index(drop=True),
    }


FIRST = "(SELECT scenario_id FROM marts.tariff_exposure WHERE scenario_order = 1 LIMIT 1)"

CHART = Chart(
    name="tariffs",
    summary="duties under the tariff file's first scenario at constant flows, most taxed products",
    queries={
        "tariff_exposure": (
            "SELECT * FROM marts.tariff_exposure WHERE year = $year AND scenario_order = 1"
        ),
        "tariff_products": (
            "SELECT * FROM marts.tariff_exposure_products WHERE year = $year "
            f"AND scenario_id = {FIRST}"
        ),
        "tariff_partners": (
            "SELECT DISTINCT partner_code, partner_name FROM marts.tariff_exposure_products "
            f"WHERE scenario_id = {FIRST} ORDER BY partner_code"
        ),
    },
    datasets={"tariffs": SUMMARY, "tariff_products": PRODUCTS},
    build=build,
)
