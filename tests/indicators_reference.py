"""The change-and-exposure marts recomputed with pandas from raw rows: a second, independent way.

Naive on purpose (dicts and loops where SQL has windows and joins), sharing nothing with the dbt
models but the definitions of the marts' contract (`docs/architecture.md`, issue "Change and
exposure"): shares as fractions, null when a denominator is 0 or missing, ties by code.
"""

from __future__ import annotations

import math

import pandas as pd

from tests.marts_reference import GEOGRAPHY

EU27 = set(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)
ENERGY = {"B05Z", "B06Z", "C19Z", "D35A", "D35B"}
FLOWS = ("export", "import")


def stacked(raw: pd.DataFrame) -> pd.DataFrame:
    """Raw rows at the three levels, quarter kept: one row per raw row and level."""
    raw = raw.copy()
    raw["flow"] = raw["flow"].map({"E": "export", "I": "import"})
    frames = []
    for level in ("department", "region", "france"):
        if level == "france":
            area = "FR"
        else:
            area = raw["department_code"].map(lambda c, i=(level == "region"): GEOGRAPHY[c][i])
        frames.append(raw.assign(level=level, area_code=area))
    return pd.concat(frames, ignore_index=True)


def _share(part, whole):
    return None if not whole else part / whole


def area_indicators(raw: pd.DataFrame) -> pd.DataFrame:
    rows = stacked(raw)
    years = set(rows["year"])
    value, mass, energy = {}, {}, {}
    by_country: dict[tuple, dict[str, int]] = {}
    by_cpf4: dict[tuple, dict[str, int]] = {}
    for r in rows.itertuples():
        key = (r.year, r.level, r.area_code, r.flow)
        value[key] = value.get(key, 0) + r.value_eur
        if not pd.isna(r.mass_kg):
            mass[key] = mass.get(key, 0) + int(r.mass_kg)
        if r.a129_code in ENERGY:
            energy[key] = energy.get(key, 0) + r.value_eur
        countries = by_country.setdefault(key, {})
        countries[r.country_code] = countries.get(r.country_code, 0) + r.value_eur
        products = by_cpf4.setdefault(key, {})
        products[r.cpf4_code] = products.get(r.cpf4_code, 0) + r.value_eur
    areas = {(y, lv, a) for (y, lv, a, _) in value}
    # the imports of each area's dependent products (import_dependence below)
    dependent: dict[tuple, list[int]] = {}
    for d in import_dependence(raw).itertuples():
        if d.is_dependent:
            dependent.setdefault((d.year, d.level, d.area_code), []).append(d.import_eur)
    out = []
    for year, level, area in sorted(areas):
        for flow in FLOWS:
            key = (year, level, area, flow)
            v = value.get(key, 0)
            prev = value.get((year - 1, level, area, flow), 0) if year - 1 in years else None
            five = value.get((year - 5, level, area, flow), 0) if year - 5 in years else None
            countries = {c: x for c, x in by_country.get(key, {}).items() if x > 0}
            products = {c: x for c, x in by_cpf4.get(key, {}).items() if x > 0}
            top3 = sorted(countries, key=lambda c: (-countries[c], c))[:3]
            out.append({
                "year": year, "level": level, "area_code": area, "flow": flow,
                "value_eur": v, "mass_kg": mass.get(key, None if key in value else 0),
                "unit_value_eur_per_kg": _share(v, mass.get(key)),
                "value_eur_previous_year": prev,
                "change_eur": None if prev is None else v - prev,
                "change_ratio": None if not prev else v / prev - 1,
                "cagr_5y": (v / five) ** (1 / 5) - 1 if five else None,
                "n_partners": len(countries), "n_products_cpf4": len(products),
                "hhi_partners": sum((x / v) ** 2 for x in countries.values()) if v else None,
                "hhi_products_cpf4": sum((x / v) ** 2 for x in products.values()) if v else None,
                "top3_partners_share": _share(sum(countries[c] for c in top3), v),
                "first_partner_code": top3[0] if top3 else None,
                "first_partner_share": _share(countries[top3[0]], v) if top3 else None,
                "eu27_share": _share(sum(x for c, x in countries.items() if c in EU27), v),
                "us_share": _share(countries.get("US", 0), v),
                "cn_share": _share(countries.get("CN", 0), v),
                "gb_share": _share(countries.get("GB", 0), v),
                "energy_value_eur": energy.get(key, 0),
                "energy_share": _share(energy.get(key, 0), v),
                "value_excl_energy_eur": v - energy.get(key, 0),
                "n_dependent_products": (len(dependent.get(key[:3], []))
                                         if flow == "import" else None),
                "dependent_import_eur": (sum(dependent.get(key[:3], []))
                                         if flow == "import" else None),
                "dependent_import_share": (_share(sum(dependent.get(key[:3], [])), v)
                                           if flow == "import" else None),
            })  # fmt: skip
    frame = pd.DataFrame(out)
    frame["rank_in_level"] = None
    for _, group in frame.groupby(["year", "level", "flow"]):
        monaco = (frame["level"] == "department") & (frame["area_code"] == "99")
        french = [i for i in group.index if not monaco[i]]
        order = sorted(french, key=lambda i: (-frame.at[i, "value_eur"], frame.at[i, "area_code"]))
        for rank, i in enumerate(order, start=1):
            frame.at[i, "rank_in_level"] = rank
        frame.loc[group.index, "areas_in_level"] = len(order)
    frame["areas_in_level"] = frame["areas_in_level"].astype(int)
    return frame


def partner_trends(raw: pd.DataFrame) -> pd.DataFrame:
    rows = stacked(raw)
    years = set(rows["year"])
    values: dict[tuple, int] = {}
    totals: dict[tuple, int] = {}
    for r in rows.itertuples():
        key = (r.year, r.level, r.area_code, r.flow)
        values[(*key, r.country_code)] = values.get((*key, r.country_code), 0) + r.value_eur
        totals[key] = totals.get(key, 0) + r.value_eur
    keys = {k for k, v in values.items() if v > 0}
    keys |= {(k[0] + 1, *k[1:]) for k, v in values.items() if v > 0 and k[0] + 1 in years}
    out = []
    for year, level, area, flow, country in sorted(keys):
        v = values.get((year, level, area, flow, country), 0)
        loaded = year - 1 in years
        prev = values.get((year - 1, level, area, flow, country), 0) if loaded else None
        out.append({
            "year": year, "level": level, "area_code": area, "flow": flow,
            "country_code": country, "value_eur": v, "value_eur_previous_year": prev,
            "change_ratio": None if not prev else v / prev - 1,
            "share_of_flow": _share(v, totals.get((year, level, area, flow), 0)),
            "share_of_flow_previous_year": (
                _share(prev, totals.get((year - 1, level, area, flow), 0)) if loaded else None
            ),
        })  # fmt: skip
    return pd.DataFrame(out)


def product_specialisation(raw: pd.DataFrame, min_share: float = 0.005) -> pd.DataFrame:
    rows = stacked(raw)
    values: dict[tuple, int] = {}
    totals: dict[tuple, int] = {}
    for r in rows.itertuples():
        key = (r.year, r.level, r.area_code, r.flow)
        values[(*key, r.a129_code)] = values.get((*key, r.a129_code), 0) + r.value_eur
        totals[key] = totals.get(key, 0) + r.value_eur
    out = []
    for (year, level, area, flow, product), v in sorted(values.items()):
        if level == "france" or v <= 0:
            continue
        share = v / totals[(year, level, area, flow)]
        france = _share(values.get((year, "france", "FR", flow, product), 0),
                        totals.get((year, "france", "FR", flow), 0))  # fmt: skip
        out.append({"year": year, "level": level, "area_code": area, "flow": flow,
                    "product_code": product, "value_eur": v, "share_of_flow": share,
                    "france_share_of_flow": france,
                    "specialisation_index": share / france if france else None})  # fmt: skip
    frame = pd.DataFrame(out)
    frame["rank"] = None
    for _, group in frame.groupby(["year", "level", "area_code", "flow"]):
        eligible = [i for i in group.index if frame.at[i, "share_of_flow"] >= min_share]
        order = sorted(eligible, key=lambda i: (-frame.at[i, "specialisation_index"],
                                                frame.at[i, "product_code"]))  # fmt: skip
        for rank, i in enumerate(order, start=1):
            frame.at[i, "rank"] = rank
    return frame


def trade_quarterly(raw: pd.DataFrame) -> pd.DataFrame:
    rows = stacked(raw)
    years = set(rows["year"])
    values: dict[tuple, int] = {}
    areas: set[tuple] = set()
    for r in rows.itertuples():
        key = (r.year, r.quarter, r.level, r.area_code, r.flow)
        values[key] = values.get(key, 0) + r.value_eur
        areas.add((r.year, r.level, r.area_code))
    out = []
    for year, level, area in sorted(areas):
        for quarter in (1, 2, 3, 4):
            for flow in FLOWS:
                v = values.get((year, quarter, level, area, flow), 0)
                window = []
                for back in range(4):
                    y, q = year, quarter - back
                    if q < 1:
                        y, q = year - 1, q + 4
                    window.append(values.get((y, q, level, area, flow), 0) if y in years else None)
                prev = (
                    values.get((year - 1, quarter, level, area, flow), 0)
                    if year - 1 in years
                    else None
                )
                out.append({
                    "year": year, "quarter": quarter, "level": level, "area_code": area,
                    "flow": flow, "value_eur": v,
                    "rolling_4q_eur": None if None in window else sum(window),
                    "change_ratio_same_quarter_previous_year": None if not prev else v / prev - 1,
                })  # fmt: skip
    return pd.DataFrame(out)


def same(expected, actual) -> bool:
    """Equal, floats to 1e-9, None and NaN alike."""
    missing = [v is None or (isinstance(v, float) and math.isnan(v)) for v in (expected, actual)]
    if any(missing):
        return all(missing)
    if isinstance(expected, float) or isinstance(actual, float):
        return math.isclose(float(expected), float(actual), rel_tol=1e-9, abs_tol=1e-12)
    return expected == actual


def import_dependence(raw: pd.DataFrame) -> pd.DataFrame:
    """`marts.import_dependence` from raw rows, with dicts: per area and imported CPF4, its
    suppliers (countries with a value > 0), the first one (ties by code), the extra-EU part and
    its concentration, the area's exports of the product, the three criteria."""
    rows = stacked(raw)
    totals: dict[tuple, dict[str, int]] = {}
    exports: dict[tuple, int] = {}
    for r in rows.itertuples():
        key = (r.year, r.level, r.area_code, r.cpf4_code)
        if r.flow == "import":
            suppliers = totals.setdefault(key, {})
            suppliers[r.country_code] = suppliers.get(r.country_code, 0) + r.value_eur
        else:
            exports[key] = exports.get(key, 0) + r.value_eur
    out = []
    for key, suppliers in totals.items():
        suppliers = {c: v for c, v in suppliers.items() if v > 0}
        if not suppliers:
            continue
        total = sum(suppliers.values())
        first = sorted(suppliers.items(), key=lambda cv: (-cv[1], cv[0]))[0]
        extra = {c: v for c, v in suppliers.items() if c not in EU27 and c != "FR"}
        extra_total = sum(extra.values())
        hhi = sum((v / extra_total) ** 2 for v in extra.values()) if extra_total else None
        exported = max(exports.get(key, 0), 0)
        out.append({
            "year": key[0], "level": key[1], "area_code": key[2], "cpf4_code": key[3],
            "import_eur": total, "n_suppliers": len(suppliers),
            "first_supplier_code": first[0], "first_supplier_share": first[1] / total,
            "extra_eu_import_eur": extra_total, "extra_eu_share": extra_total / total,
            "hhi_extra_eu_suppliers": hhi, "export_eur": exported,
            "is_dependent": bool(hhi is not None and hhi >= 0.4 and extra_total / total >= 0.5
                                 and extra_total > exported),
        })  # fmt: skip
    frame = pd.DataFrame(out)
    # each product's share of its area's imports, and the rank of the dependent ones
    area = ["year", "level", "area_code"]
    frame["share_of_imports"] = frame["import_eur"] / frame.groupby(area)["import_eur"].transform(
        "sum"
    )
    frame["dependent_rank"] = None
    for _, group in frame[frame["is_dependent"]].groupby(area):
        order = sorted(group.index, key=lambda i: (-frame.at[i, "import_eur"],
                                                   frame.at[i, "cpf4_code"]))  # fmt: skip
        for rank, i in enumerate(order, start=1):
            frame.at[i, "dependent_rank"] = rank
    return frame


def tariff_rate(lines: list[dict], scenario: str, partner: str, cpf4: str, a129: str) -> float:
    """A product's rate in a scenario, by the rule of the file's contract: its CPF4 line, else
    its A129 line, else `*`, else 0."""
    rates = {(ln["partner_code"], ln["product_code"]): float(ln["rate"])
             for ln in lines if ln["scenario_id"] == scenario}  # fmt: skip
    for code in (cpf4, a129, "*"):
        if (partner, code) in rates:
            return rates[partner, code]
    return 0.0


def tariff_exposure_products(raw: pd.DataFrame, lines: list[dict]) -> pd.DataFrame:
    """`marts.tariff_exposure_products` from raw rows and the scenario lines, with dicts."""
    rows = stacked(raw)
    partners = {(ln["scenario_id"], ln["partner_code"]) for ln in lines}
    exported: dict[tuple, int] = {}
    a129_of: dict[str, str] = {}
    for r in rows.itertuples():
        if r.flow != "export":
            continue
        key = (r.year, r.level, r.area_code, r.country_code, r.cpf4_code)
        exported[key] = exported.get(key, 0) + r.value_eur
        a129_of[r.cpf4_code] = min(a129_of.get(r.cpf4_code, r.a129_code), r.a129_code)
    out = []
    for scenario, partner in sorted(partners):
        for (year, level, area, country, cpf4), value in exported.items():
            if country != partner or value <= 0:
                continue
            rate = tariff_rate(lines, scenario, partner, cpf4, a129_of[cpf4])
            out.append({"scenario_id": scenario, "year": year, "level": level,
                        "area_code": area, "partner_code": partner, "cpf4_code": cpf4,
                        "export_eur": value, "rate": rate, "duties_eur": value * rate})  # fmt: skip
    return pd.DataFrame(out)


def tariff_exposure(raw: pd.DataFrame, lines: list[dict]) -> pd.DataFrame:
    """`marts.tariff_exposure`: every exporting area under every scenario, its exports, those
    to the scenario's partners, the exposed part (rate > 0), the duties, the first product."""
    products = tariff_exposure_products(raw, lines)
    rows = stacked(raw)
    totals: dict[tuple, int] = {}
    for r in rows.itertuples():
        if r.flow == "export":
            key = (r.year, r.level, r.area_code)
            totals[key] = totals.get(key, 0) + r.value_eur
    order = list(dict.fromkeys(ln["scenario_id"] for ln in lines))  # the file's order
    out = []
    for scenario in sorted(order):
        mine = [p for p in products.to_dict("records") if p["scenario_id"] == scenario]
        for (year, level, area), total in totals.items():
            if total <= 0:
                continue
            own = [
                p for p in mine if (p["year"], p["level"], p["area_code"]) == (year, level, area)
            ]
            duties_by_product: dict[str, float] = {}
            for p in own:
                duties_by_product[p["cpf4_code"]] = (
                    duties_by_product.get(p["cpf4_code"], 0) + p["duties_eur"]
                )
            taxed = sorted(((-d, c) for c, d in duties_by_product.items() if d > 0))
            exposed = sum(p["export_eur"] for p in own if p["rate"] > 0)
            duties = sum(p["duties_eur"] for p in own)
            out.append({"scenario_id": scenario, "scenario_order": order.index(scenario) + 1,
                        "year": year, "level": level, "area_code": area, "export_eur": total,
                        "exports_to_partners_eur": sum(p["export_eur"] for p in own),
                        "exposed_eur": exposed, "duties_eur": float(duties),
                        "exposed_share": exposed / total, "duties_share": duties / total,
                        "partners_share": sum(p["export_eur"] for p in own) / total,
                        "first_product_code": taxed[0][1] if taxed else None})  # fmt: skip
    return pd.DataFrame(out)


def tariff_duties_by_product(raw: pd.DataFrame, lines: list[dict]) -> pd.DataFrame:
    """`marts.tariff_duties_by_product`: per scenario, area and product, the lines with duties
    summed over the partners, the rate on those exports, the share of the area's duties, the
    rank by duties (ties by code)."""
    products = tariff_exposure_products(raw, lines)
    sums: dict[tuple, list[float]] = {}
    for p in products.to_dict("records"):
        if p["duties_eur"] <= 0:
            continue
        key = (p["scenario_id"], p["year"], p["level"], p["area_code"], p["cpf4_code"])
        taxed = sums.setdefault(key, [0, 0.0])
        taxed[0] += p["export_eur"]
        taxed[1] += p["duties_eur"]
    by_area: dict[tuple, list[tuple]] = {}
    for key, (export, duties) in sums.items():
        by_area.setdefault(key[:4], []).append((key[4], export, duties))
    out = []
    for area, rows in by_area.items():
        total = sum(d for _, _, d in rows)
        for rank, (cpf4, export, duties) in enumerate(
            sorted(rows, key=lambda r: (-r[2], r[0])), start=1
        ):
            out.append({"scenario_id": area[0], "year": area[1], "level": area[2],
                        "area_code": area[3], "cpf4_code": cpf4, "rank": rank,
                        "taxed_export_eur": export, "duties_eur": duties,
                        "rate": duties / export, "share_of_duties": duties / total})  # fmt: skip
    return pd.DataFrame(out)
