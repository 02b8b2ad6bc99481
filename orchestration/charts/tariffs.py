"""Exposure to tariffs: what the first scenario of the tariff file (`scenario_order` 1, the US
duties on EU goods as shipped) would cost the area's exports at constant flows
(`marts.tariff_exposure`, docs/indicators.md), and its five most taxed products
(`marts.tariff_duties_by_product`). Printed as figures and a table, not drawn."""

from __future__ import annotations

import pandas as pd

from orchestration.charts.base import Chart, Marts

SHOWN = 5
# partner_codes: comma-separated; partner_names: the same partners, "; "-separated
SUMMARY = ["scenario_id", "scenario_label", "partner_codes", "partner_names", "export_eur",
           "exports_to_partners_eur", "partners_share", "exposed_eur", "exposed_share",
           "duties_eur", "duties_share"]  # fmt: skip
PRODUCTS = ["rank", "cpf4_code", "cpf4_label", "export_eur", "rate", "duties_eur",
            "share_of_duties"]  # fmt: skip


def build(marts: Marts, level: str, area: str, year: int) -> dict[str, pd.DataFrame]:
    """The area's row of `tariff_exposure` under the first scenario (none when it exports
    nothing), with the scenario's partners, and its five most taxed products
    (`tariff_duties_by_product`, ranks 1 to 5)."""
    rows = marts.rows("tariff_exposure", level, area)
    partners = marts.tariff_partners
    summary = rows.assign(
        partner_codes=",".join(partners["partner_code"]),
        partner_names="; ".join(partners["partner_name"].fillna(partners["partner_code"])),
    )
    top = marts.rows("tariff_products", level, area).sort_values("rank")
    top = top.rename(columns={"taxed_export_eur": "export_eur"})
    return {
        "tariffs": summary[SUMMARY].reset_index(drop=True),
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
            "SELECT * FROM marts.tariff_duties_by_product WHERE year = $year "
            f"AND scenario_id = {FIRST} AND rank <= {SHOWN}"
        ),
        "tariff_partners": (
            "SELECT DISTINCT partner_code, partner_name FROM marts.tariff_exposure_products "
            f"WHERE scenario_id = {FIRST} ORDER BY partner_code"
        ),
    },
    datasets={"tariffs": SUMMARY, "tariff_products": PRODUCTS},
    build=build,
)
