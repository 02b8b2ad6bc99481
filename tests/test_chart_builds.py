"""Each chart's datasets built from small mart frames made in the test (no warehouse): what a
chart selects, orders and adds to the marts' rows, checked by hand."""

from __future__ import annotations

import pandas as pd

from orchestration.charts import activities, partners
from orchestration.charts.base import Marts


def partner_rows(n: int) -> pd.DataFrame:
    """`n` partners of Hauts-de-Seine, ranked; every third one sells more than it buys."""
    rows = []
    for rank in range(1, n + 1):
        export, import_ = (300 - rank, 100) if rank % 3 == 0 else (100, 300 - rank)
        rows.append({"level": "department", "area_code": "92", "rank": rank,
                     "country_code": f"C{rank:02d}", "country_name": f"Pays {rank}",
                     "import_eur": import_, "export_eur": export, "balance_eur": export - import_,
                     "trade_eur": export + import_})  # fmt: skip
    return pd.DataFrame(rows).sample(frac=1, random_state=1)  # the marts' order is no order


def test_partners_keeps_the_ten_first_in_rank_order_with_the_sign_of_each_balance():
    marts = Marts(partners=partner_rows(12))
    (table,) = partners.build(marts, "department", "92", 2024).values()
    assert table["rank"].tolist() == list(range(1, 11))
    assert table["country_code"].tolist() == [f"C{r:02d}" for r in range(1, 11)]
    signs = dict(zip(table["rank"], table["balance_sign"], strict=True))
    assert [r for r, s in signs.items() if s == "positive"] == [3, 6, 9]
    assert list(table.columns) == partners.COLUMNS


def test_partners_of_an_area_without_trade_is_an_empty_table():
    marts = Marts(partners=partner_rows(3))
    (table,) = partners.build(marts, "department", "75", 2024).values()
    assert table.empty and list(table.columns) == partners.COLUMNS


def test_activities_orders_each_flow_by_rank_and_gives_the_flows_total():
    products = pd.DataFrame([
        {"level": "region", "area_code": "11", "flow": f, "rank": r, "product_level": "a129",
         "product_code": c, "product_label": c.lower(), "value_eur": v, "share_of_flow": s}
        for f, r, c, v, s in [("import", 2, "B", 40, 0.4), ("export", 1, "A", 90, 0.9),
                              ("import", 1, "C", 60, 0.6), ("export", 2, "B", 10, 0.1)]
    ])  # fmt: skip
    totals = pd.DataFrame([{"level": "region", "area_code": "11", "export_eur": 100,
                            "import_eur": 120}])  # fmt: skip
    (table,) = activities.build(Marts(products=products, totals=totals), "region", "11",
                                2024).values()  # fmt: skip
    assert list(zip(table["flow"], table["product_code"], strict=True)) == [
        ("export", "A"), ("export", "B"), ("import", "C"), ("import", "B")]  # fmt: skip
    assert table["flow_total_eur"].tolist() == [100, 100, 120, 120]
    assert list(table.columns) == activities.COLUMNS


def test_dependence_lists_the_five_first_ranks_and_the_area_summary_of_the_marts():
    """The panel's rows are `import_dependence`'s ranks 1 to 5, in order; its count, value and
    share of all dependent imports are `area_indicators`' (nothing recomputed)."""
    from orchestration.sections import dependence

    rows = [{"level": "department", "area_code": "92", "cpf4_code": f"{2100 + r}",
             "cpf4_label": f"Produit {r}", "import_eur": 100 - r, "share_of_imports": 0.01 * r,
             "first_supplier_code": "CN", "first_supplier_name": "Chine",
             "first_supplier_share": 0.9, "extra_eu_share": 0.95, "dependent_rank": r}
            for r in range(7, 0, -1)]  # fmt: skip
    summary = [{"level": "department", "area_code": "92", "year": 2024, "flow": "import",
                "n_dependent_products": 7, "dependent_import_eur": 672,
                "dependent_import_share": 0.4},
               {"level": "department", "area_code": "92", "year": 2023, "flow": "import",
                "n_dependent_products": 1, "dependent_import_eur": 5,
                "dependent_import_share": 0.1}]  # fmt: skip
    marts = Marts(dependence=pd.DataFrame(rows), indicators=pd.DataFrame(summary))
    (table,) = dependence.build(marts, "department", "92", 2024).values()
    assert table["rank"].tolist() == [1, 2, 3, 4, 5]
    assert table["cpf4_code"].tolist() == ["2101", "2102", "2103", "2104", "2105"]
    assert table["share_of_imports"].tolist() == [0.01, 0.02, 0.03, 0.04, 0.05]
    assert set(table["n_dependent"]) == {7} and set(table["dependent_eur"]) == {672}
    assert set(table["dependent_share"]) == {0.4}
    # an area without dependent imports: no row
    (none,) = dependence.build(marts, "department", "93", 2024).values()
    assert none.empty and list(none.columns) == dependence.COLUMNS


def test_a_panel_sets_the_area_beside_a_comparison_only_when_their_figures_differ():
    """La Réunion (974) is its region's only département: « La Réunion | La Réunion » was
    printed; France, and a region of several départements, stay."""
    from orchestration.sections.base import beside

    own = {"name": "La Réunion", "count": 3, "share": "12,0 %"}
    region = {"name": "La Réunion", "count": 3, "share": "12,0 %"}
    france = {"name": "France entière", "count": 40, "share": "9,1 %"}
    assert beside(own, [region, france]) == [own, france]
    grand_est = {"name": "Grand Est", "count": 3, "share": "12,0 %"}  # rounds alike: stays
    assert beside(own, [None, grand_est]) == [own, grand_est]
