"""Every fiche mart recomputed with pandas from raw rows, on a small hand-made year."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from tests import marts_reference as ref


@pytest.fixture(scope="module")
def built(hand_built) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(hand_built), read_only=True)
    yield con
    con.close()


def raw_frame(con) -> pd.DataFrame:
    return con.execute("SELECT * FROM raw.customs_trade").df()


def compare(actual: pd.DataFrame, expected: pd.DataFrame, keys: list[str]) -> None:
    columns = list(expected.columns)
    actual = actual[columns].sort_values(keys).reset_index(drop=True)
    expected = expected[columns].sort_values(keys).reset_index(drop=True)
    assert len(actual) == len(expected)
    for column in columns:
        a, b = actual[column].tolist(), expected[column].tolist()
        if column.startswith(("export_share", "import_share", "share")):
            assert all(
                ((x is None or pd.isna(x)) and (y is None or pd.isna(y))) or abs(x - y) < 1e-12
                for x, y in zip(a, b, strict=True)
            ), column
        else:
            assert [int(x) if isinstance(x, int | bool) else x for x in a] == b, column


def test_trade_totals(built):
    expected = ref.trade_totals(ref.by_area(raw_frame(built)))
    compare(built.execute("SELECT * FROM marts.trade_totals").df(), expected,
            ["year", "level", "area_code"])  # fmt: skip


def test_partner_balance(built):
    expected = ref.partner_balance(ref.by_area(raw_frame(built)))
    compare(built.execute("SELECT * FROM marts.partner_balance").df(), expected,
            ["year", "level", "area_code", "country_code"])  # fmt: skip


def test_product_shares(built):
    expected = ref.product_shares(ref.by_area(raw_frame(built)))
    compare(built.execute("SELECT * FROM marts.product_shares").df(), expected,
            ["year", "level", "area_code", "flow", "product_level", "product_code"])  # fmt: skip


def test_top_flows(built):
    expected = ref.top_flows(ref.by_area(raw_frame(built)))
    compare(built.execute("SELECT * FROM marts.top_flows").df(), expected,
            ["year", "level", "area_code", "flow", "product_level", "product_code",
             "country_code"])  # fmt: skip


def test_hand_checked_figures(built):
    """A few figures worked out by hand from the lines above."""
    totals = {
        (lv, a): (e, i)
        for lv, a, e, i in built.execute(
            "SELECT level, area_code, export_eur, import_eur FROM marts.trade_totals"
        ).fetchall()
    }
    assert totals[("department", "92")] == (3200, 1100)
    assert totals[("region", "11")] == (3850, 6100)
    assert totals[("department", "971")] == (50, 200)  # Guadeloupe, customs code 9A
    assert totals[("department", "99")] == (80, 0)  # Monaco, in PACA
    assert totals[("department", "20")] == (0, 30)  # Corse, undivided
    # DE and US tie at 1000 of exports to 92 on 2120; DE has 700 more on 2042 -> rank 1
    partners = built.execute(
        "SELECT country_code, export_eur, import_eur, balance_eur, rank FROM marts.partner_balance "
        "WHERE level = 'department' AND area_code = '92' ORDER BY rank"
    ).fetchall()
    assert partners == [("DE", 1700, 0, 1700, 1), ("CN", 0, 1100, -1100, 2),
                        ("US", 1000, 0, 1000, 3), ("BE", 500, 0, 500, 4)]  # fmt: skip
    # 92 has fewer than 10 partners and products: no AUTRES at all
    autres = built.execute(
        "SELECT count(*) FROM marts.top_flows WHERE area_code = '92' AND level = 'department' "
        "AND 'AUTRES' IN (product_code, country_code)"
    ).fetchone()
    assert autres == (0,)
    # 13 has 12 products and 12 countries: exactly 10 named + AUTRES on each side
    sides = built.execute(
        "SELECT count(DISTINCT product_code), count(DISTINCT country_code), "
        "max(product_rank), max(country_rank), count(*) FILTER (WHERE is_top_link) "
        "FROM marts.top_flows WHERE level = 'department' AND area_code = '13' "
        "AND flow = 'export' AND product_level = 'cpf4'"
    ).fetchone()
    assert sides == (11, 11, 11, 11, 5)


def test_labels_of_the_year(built):
    labels = dict(built.execute(
        "SELECT product_code, product_label FROM marts.dim_products "
        "WHERE product_level = 'a129' AND year = 2024"
    ).fetchall())  # fmt: skip
    assert labels["C21Z"] == "Produits pharmaceutiques"
    names = dict(built.execute(
        "SELECT country_code, country_name FROM marts.dim_countries WHERE year = 2024"
    ).fetchall())  # fmt: skip
    assert names["XK"] == "Kosovo" and names["QU"] == "Pays et territoires non déterminés"
    area = built.execute(
        "SELECT area_name, region_code, region_name FROM marts.dim_areas "
        "WHERE level = 'department' AND area_code = '99'"
    ).fetchone()
    assert area == ("Principauté de Monaco", "93", "Provence-Alpes-Côte d'Azur")


PUBLISHED_WITH_AREAS = ["trade_totals", "partner_balance", "product_shares", "top_flows",
                        "area_indicators", "partner_trends", "product_specialisation",
                        "trade_quarterly", "import_dependence"]  # fmt: skip


@pytest.mark.parametrize("table", PUBLISHED_WITH_AREAS)
def test_every_area_has_its_id_and_name_beside_its_code(built, table):
    """`area_id` is `<level>:<code>`, one value per area across levels, and `area_name` the
    area's name, on every row; the label columns sit right after the code."""
    frame = built.execute(f"SELECT * FROM marts.{table}").df()
    columns = list(frame.columns)
    assert columns[columns.index("area_code") + 1 : columns.index("area_code") + 3] == [
        "area_id", "area_name"]  # fmt: skip
    assert (frame["area_id"] == frame["level"] + ":" + frame["area_code"]).all()
    # the names, from the reference files the warehouse was built from (not from dim_areas)
    departments = built.execute(
        "SELECT department_code, department_name FROM reference.ref_departments"
    ).df()
    regions = built.execute("SELECT region_code, region_name FROM reference.ref_regions").df()
    names = {("department", d.department_code): d.department_name for d in departments.itertuples()}
    names |= {("region", r.region_code): r.region_name for r in regions.itertuples()}
    names[("france", "FR")] = "France"
    keys = zip(frame["level"], frame["area_code"], frame["area_name"], strict=True)
    wrong = frame[[names.get((lv, c)) != n for lv, c, n in keys]]
    assert wrong.empty, wrong[["level", "area_code", "area_name"]].head()


@pytest.mark.parametrize(("table", "code", "label", "kind"), [
    ("trade_department", "country_code", "country_name", "country"),
    ("trade_region", "cpf4_code", "cpf4_label", "cpf4"),
    ("trade_france", "a129_code", "a129_label", "a129"),
    ("partner_trends", "country_code", "country_name", "country"),
    ("product_specialisation", "product_code", "product_label", "a129"),
    ("import_dependence", "cpf4_code", "cpf4_label", "cpf4"),
    ("import_dependence", "first_supplier_code", "first_supplier_name", "country"),
])  # fmt: skip
def test_every_code_has_its_label_beside_it(built, table, code, label, kind):
    """Each code is followed by its label, as the year's label files in raw spell it."""
    frame = built.execute(f"SELECT * FROM marts.{table}").df()
    columns = list(frame.columns)
    assert columns[columns.index(code) + 1] == label
    if kind == "country":
        labels = built.execute("SELECT year, country_code AS code, country_name AS label "
                               "FROM marts.dim_countries").df()  # fmt: skip
    else:
        labels = built.execute(
            "SELECT year, product_code AS code, product_label AS label FROM marts.dim_products "
            f"WHERE product_level = '{kind}'").df()  # fmt: skip
    expected = {(y, c): n for y, c, n in labels.itertuples(index=False)}
    rows = zip(frame["year"], frame[code], frame[label], strict=True)
    wrong = [(y, c, n) for y, c, n in rows if expected.get((y, c)) != n]
    assert frame[label].notna().all() and not wrong, wrong[:5]
