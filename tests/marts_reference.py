"""The fiche's marts recomputed with pandas, straight from raw rows: a second, independent way.

Kept deliberately naive (loops and dicts where SQL uses windows) so that it shares nothing with
the dbt models but the definitions of `docs/fiche.md`.
"""

from __future__ import annotations

import pandas as pd

# customs département -> (INSEE département, INSEE region), written out by hand for the test data
GEOGRAPHY = {
    "92": ("92", "11"), "75": ("75", "11"), "95": ("95", "11"), "13": ("13", "93"),
    "99": ("99", "93"), "9A": ("971", "01"), "20": ("20", "94"),
}  # fmt: skip


def by_area(raw: pd.DataFrame) -> pd.DataFrame:
    """Annual rows for every level: (year, level, area_code, flow, cpf4, a129, country, value)."""
    raw = raw.copy()
    raw["department"] = raw["department_code"].map(lambda c: GEOGRAPHY[c][0])
    raw["region"] = raw["department_code"].map(lambda c: GEOGRAPHY[c][1])
    raw["flow"] = raw["flow"].map({"E": "export", "I": "import"})
    frames = []
    for level, column in (("department", "department"), ("region", "region"), ("france", None)):
        area = raw[column] if column else "FR"
        frame = raw.assign(level=level, area_code=area)
        frames.append(
            frame.groupby(
                ["year", "level", "area_code", "flow", "cpf4_code", "a129_code", "country_code"],
                as_index=False,
            )["value_eur"].sum()
        )
    return pd.concat(frames, ignore_index=True)


def trade_totals(areas: pd.DataFrame) -> pd.DataFrame:
    rows = []
    sums = areas.groupby(["year", "level", "area_code", "flow"])["value_eur"].sum().to_dict()
    keys = sorted({(y, lv, a) for (y, lv, a, _) in sums})
    region_of = {dep: reg for dep, reg in GEOGRAPHY.values()}
    for year, level, area in keys:
        exp = sums.get((year, level, area, "export"), 0)
        imp = sums.get((year, level, area, "import"), 0)
        fr_e, fr_i = sums[(year, "france", "FR", "export")], sums[(year, "france", "FR", "import")]
        row = {
            "year": year, "level": level, "area_code": area,
            "export_eur": exp, "import_eur": imp, "balance_eur": exp - imp,
            "export_share_of_region": None, "import_share_of_region": None,
            "export_share_of_france": exp / fr_e, "import_share_of_france": imp / fr_i,
        }  # fmt: skip
        if level == "department":
            reg = region_of[area]
            reg_e = sums.get((year, "region", reg, "export"), 0)
            reg_i = sums.get((year, "region", reg, "import"), 0)
            row["export_share_of_region"] = exp / reg_e if reg_e else None
            row["import_share_of_region"] = imp / reg_i if reg_i else None
        rows.append(row)
    return pd.DataFrame(rows)


def _ranked(values: dict[str, int]) -> list[str]:
    """Codes by value descending, ties by code ascending."""
    return sorted(values, key=lambda code: (-values[code], code))


def partner_balance(areas: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for (year, level, area), group in areas.groupby(["year", "level", "area_code"]):
        exp = group[group.flow == "export"].groupby("country_code")["value_eur"].sum().to_dict()
        imp = group[group.flow == "import"].groupby("country_code")["value_eur"].sum().to_dict()
        trade = {c: exp.get(c, 0) + imp.get(c, 0) for c in set(exp) | set(imp)}
        for rank, country in enumerate(_ranked(trade), start=1):
            e, i = exp.get(country, 0), imp.get(country, 0)
            rows.append({"year": year, "level": level, "area_code": area,
                         "country_code": country, "export_eur": e, "import_eur": i,
                         "balance_eur": e - i, "trade_eur": e + i, "rank": rank})  # fmt: skip
    return pd.DataFrame(rows)


def product_shares(areas: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for (year, level, area, flow), group in areas.groupby(["year", "level", "area_code", "flow"]):
        total = group["value_eur"].sum()
        for product_level, column in (("a129", "a129_code"), ("cpf4", "cpf4_code")):
            values = group.groupby(column)["value_eur"].sum().to_dict()
            for rank, code in enumerate(_ranked(values), start=1):
                rows.append({"year": year, "level": level, "area_code": area, "flow": flow,
                             "product_level": product_level, "product_code": code,
                             "value_eur": values[code], "share_of_flow": values[code] / total,
                             "rank": rank})  # fmt: skip
    return pd.DataFrame(rows)


def top_flows(areas: pd.DataFrame, top_n: int = 10, top_links: int = 5) -> pd.DataFrame:
    rows = []
    for (year, level, area, flow), group in areas.groupby(["year", "level", "area_code", "flow"]):
        for product_level, column in (("a129", "a129_code"), ("cpf4", "cpf4_code")):
            products = _ranked(group.groupby(column)["value_eur"].sum().to_dict())
            countries = _ranked(group.groupby("country_code")["value_eur"].sum().to_dict())
            p_rank = {code: min(i + 1, top_n + 1) for i, code in enumerate(products)}
            c_rank = {code: min(i + 1, top_n + 1) for i, code in enumerate(countries)}
            links: dict[tuple[str, str], int] = {}
            for record in group.itertuples():
                p = getattr(record, column)
                c = record.country_code
                key = (p if p_rank[p] <= top_n else "AUTRES", c if c_rank[c] <= top_n else "AUTRES")
                links[key] = links.get(key, 0) + record.value_eur
            named = [k for k in links if "AUTRES" not in k]
            named.sort(key=lambda k: (-links[k], k[0], k[1]))
            highlighted = set(named[:top_links])
            for (p, c), value in links.items():
                rows.append({"year": year, "level": level, "area_code": area, "flow": flow,
                             "product_level": product_level, "product_code": p,
                             "product_rank": top_n + 1 if p == "AUTRES" else p_rank[p],
                             "country_code": c,
                             "country_rank": top_n + 1 if c == "AUTRES" else c_rank[c],
                             "value_eur": value, "is_top_link": (p, c) in highlighted})  # fmt: skip
    return pd.DataFrame(rows)
