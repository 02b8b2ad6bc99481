"""Every fiche mart recomputed with pandas from raw rows, on a small hand-made year."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from tests import marts_reference as ref
from tests.helpers import data_line, make_archive

# Twelve products of département 13 (more than top_n = 10) with ties, for the folding.
PRODUCTS_13 = [("C21Z", "2120"), ("C20B", "2042"), ("C29A", "2910"), ("C30C", "3030"),
               ("C11Z", "1102"), ("C10H", "1082"), ("C19Z", "1920"), ("C26A", "2611"),
               ("C27B", "2711"), ("C28A", "2811"), ("C22B", "2222"), ("C24A", "2410")]  # fmt: skip
COUNTRIES_13 = ["DE", "BE", "IT", "ES", "US", "GB", "NL", "CN", "CH", "PL", "JP", "MA"]


def hand_made_lines() -> tuple[list[str], list[str]]:
    e = [
        # Hauts-de-Seine: a tie between DE and US on 2120, split over two quarters
        data_line("E", 1, dep="92", a129="C21Z", cpf4="2120", country="DE", value=600),
        data_line("E", 2, dep="92", a129="C21Z", cpf4="2120", country="DE", value=400),
        data_line("E", 3, dep="92", a129="C21Z", cpf4="2120", country="US", value=1000),
        data_line("E", 1, dep="92", a129="C21Z", cpf4="2120", country="BE", value=500),
        data_line("E", 4, dep="92", a129="C20B", cpf4="2042", country="DE", value=700),
        data_line("E", 1, dep="75", region="03", a129="C29A", cpf4="2910", country="GB", value=400),
        # overseas, Monaco
        data_line("E", 1, dep="9A", region="24", a129="C11Z", cpf4="1101", country="US", value=50),
        data_line("E", 2, dep="99", region="21", a129="C20B", cpf4="2042", country="IT", value=80),
    ]
    i = [
        data_line("I", 1, dep="92", a129="C21Z", cpf4="2120", country="CN", value=800),
        # a product only imported
        data_line("I", 2, dep="92", a129="C26A", cpf4="2611", country="CN", value=300),
        data_line(
            "I", 3, dep="75", region="03", a129="B06Z", cpf4="0620", country="NO", value=5000
        ),
        data_line("I", 1, dep="9A", region="24", a129="C19Z", cpf4="1920", country="US", value=200),
        data_line("I", 4, dep="20", region="22", a129="C10A", cpf4="1011", country="ES", value=30),
    ]
    # Bouches-du-Rhône: 12 products x 12 countries, sparse, with ties on products 5-6 and
    # countries 3-4 and equal link values, so that ranks must break ties by code.
    for p, (a129, cpf4) in enumerate(PRODUCTS_13):
        for c, country in enumerate(COUNTRIES_13):
            if (p + c) % 3 == 0:
                value = 1000 - 60 * min(p, 5) - 50 * min(c, 3) - (0 if p < 6 else 10 * p)
                e.append(data_line("E", 1 + (p + c) % 4, dep="13", region="21", a129=a129,
                                   cpf4=cpf4, country=country, value=value))  # fmt: skip
    return e, i


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    from dagster import materialize

    from orchestration.definitions import defs
    from orchestration.resources import CustomsSourceResource, WarehouseResource

    root = tmp_path_factory.mktemp("marts")
    e, i = hand_made_lines()
    make_archive(root / "src" / "202501-Regional-2024-export.zip", e)
    make_archive(root / "src" / "202501-Regional-2024-import.zip", i, "REGIONAL_CPF4PAYSI.txt")
    warehouse = root / "trade.duckdb"
    resources = dict(defs.resources)
    resources["warehouse"] = WarehouseResource(path=str(warehouse))
    resources["customs_source"] = CustomsSourceResource(source=str(root / "src"))
    result = materialize(list(defs.assets), partition_key="2024", resources=resources)
    assert result.success
    con = duckdb.connect(str(warehouse), read_only=True)
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
    assert totals[("region", "11")] == (3600, 6100)
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
