"""« Exposition aux droits de douane »: what the first scenario of the tariff file
(`scenario_order` 1, the US duties on EU goods as shipped) would cost the area's exports at
constant flows (`marts.tariff_exposure`, docs/indicators.md), beside its region's and France's,
and its five most taxed products (`marts.tariff_duties_by_product`). Printed as figures and
tables, not drawn."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from orchestration.charts.base import Chart, Marts, to_float
from orchestration.charts.format import meur, percent
from orchestration.sections.base import Section, beside

SHOWN = 5
# partner_codes: comma-separated; partner_names: the same partners, "; "-separated
SUMMARY = ["scenario_id", "scenario_label", "partner_codes", "partner_names", "export_eur",
           "exports_to_partners_eur", "partners_share", "exposed_eur", "exposed_share",
           "duties_eur", "duties_share"]  # fmt: skip
PRODUCTS = ["rank", "cpf4_code", "cpf4_label", "export_eur", "rate", "duties_eur",
            "share_of_duties"]  # fmt: skip

# « vers … »: the partners a tariff scenario names most often, with their article; others by
# their name alone
TOWARDS = {"US": "les États-Unis", "CN": "la Chine", "GB": "le Royaume-Uni",
           "CH": "la Suisse", "JP": "le Japon", "CA": "le Canada", "IN": "l'Inde",
           "MX": "le Mexique", "BR": "le Brésil", "RU": "la Russie", "TR": "la Turquie",
           "KR": "la Corée du Sud"}  # fmt: skip


def towards(codes: str, names: str) -> str:
    """The partners of a scenario after « vers »: « les États-Unis », « la Chine et l'Inde »."""
    words = [TOWARDS.get(c, n) for c, n in zip(codes.split(","), names.split("; "), strict=True)]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " et " + words[-1]


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


def figures(area) -> dict | None:
    """An area's exports to the first scenario's partners, the part taxed, the duties."""
    table = area.tables["tariffs"]
    if table.empty:
        return None
    r = table.iloc[0]
    return {
        "name": area.display_name,
        "to_partners": meur(r["exports_to_partners_eur"]),
        "partners_share": percent(to_float(r["partners_share"])),
        "exposed": meur(r["exposed_eur"]),
        "exposed_share": percent(to_float(r["exposed_share"])),
        "duties": meur(r["duties_eur"]),
        "duties_share": percent(to_float(r["duties_share"]), 2),
    }


def context(area, comparisons: list) -> dict | None:
    """The first scenario of the tariff file at constant flows, the area beside its region and
    France, and its five most taxed products; None for an area that exports nothing."""
    own = figures(area)
    if own is None:
        return None
    first = area.tables["tariffs"].iloc[0]
    return {
        "label": first["scenario_label"],
        "partners": towards(first["partner_codes"], first["partner_names"]),
        **own,
        "columns": beside(own, [figures(a) for a in comparisons]),
        "rows": [
            {"label": r["cpf4_label"] or r["cpf4_code"], "code": r["cpf4_code"],
             "value": meur(r["export_eur"]), "rate": percent(to_float(r["rate"])),
             "duties": meur(r["duties_eur"]), "share": percent(to_float(r["share_of_duties"]))}
            for r in area.records("tariff_products")
        ],
    }  # fmt: skip


FIRST = "(SELECT scenario_id FROM marts.tariff_exposure WHERE scenario_order = 1 LIMIT 1)"

SECTION = Section(
    chart=Chart(
        name="tariffs",
        summary="duties under the tariff file's first scenario at constant flows, most taxed "
        "products",
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
    ),
    context=context,
    folder=Path(__file__).parent,
)
