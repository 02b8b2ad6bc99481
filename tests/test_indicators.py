"""Change and exposure marts (area_indicators, partner_trends, product_specialisation,
trade_quarterly) on a hand-made warehouse of three years (2019, 2023, 2024), every column checked
against a pandas recomputation from the raw rows (`tests/indicators_reference.py`)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests import indicators_reference as ref


def read(warehouse: Path, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).df()


def raw(warehouse: Path) -> pd.DataFrame:
    return read(warehouse, "SELECT * FROM raw.customs_trade")


LABELS = {"area_id", "area_name", "country_name", "product_label", "cpf4_label",
          "first_supplier_name", "partner_name", "scenario_label",
          "first_product_label", "first_partner_name"}  # fmt: skip


def compare(expected: pd.DataFrame, actual: pd.DataFrame, keys: list[str]) -> None:
    assert len(actual) == len(expected), (len(actual), len(expected))
    assert not actual.duplicated(keys).any()
    merged = expected.merge(actual, on=keys, how="outer", suffixes=("_exp", "_act"), indicator=True)
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"][keys]
    columns = [c for c in expected.columns if c not in keys]
    # the labels beside the codes are checked against the dimensions in test_marts
    assert set(columns) == set(actual.columns) - set(keys) - LABELS
    for column in columns:
        bad = [
            (tuple(row[k] for k in keys), row[f"{column}_exp"], row[f"{column}_act"])
            for _, row in merged.iterrows()
            if not ref.same(_plain(row[f"{column}_exp"]), _plain(row[f"{column}_act"]))
        ]
        assert not bad, (column, bad[:5])


def _plain(value):
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def test_area_indicators_every_column(three_years):
    actual = read(three_years, "SELECT * FROM marts.area_indicators")
    compare(ref.area_indicators(raw(three_years)), actual, ["year", "level", "area_code", "flow"])


def test_area_indicators_by_hand(three_years):
    """Hauts-de-Seine's exports, worked out by hand from `hand_made_lines`."""
    row = read(three_years, "SELECT * FROM marts.area_indicators WHERE year = 2024 AND "
                            "level = 'department' AND area_code = '92' AND flow = 'export'"
               ).iloc[0]  # fmt: skip
    # 2024: DE 600 + 400 + 700, US 1000, BE 500 = 3200; 2023: 90 % without US (2000 * 0.9 =
    # 1980... precisely DE 540+360+630, BE 450) + JP 250 = 2230
    assert row.value_eur == 3200
    assert row.value_eur_previous_year == 2230
    assert row.change_eur == 970
    assert row.change_ratio == pytest.approx(3200 / 2230 - 1)
    assert row.cagr_5y == pytest.approx((3200 / 1600) ** 0.2 - 1)  # 2019 at half: 1600
    assert row.n_partners == 3 and row.n_products_cpf4 == 2
    assert row.hhi_partners == pytest.approx(
        (1700 / 3200) ** 2 + (1000 / 3200) ** 2 + (500 / 3200) ** 2
    )
    assert row.top3_partners_share == pytest.approx(1.0)
    assert row.eu27_share == pytest.approx(2200 / 3200)
    assert row.us_share == pytest.approx(1000 / 3200)
    assert row.cn_share == 0 and row.gb_share == 0
    assert row.energy_value_eur == 0


def test_a_year_not_loaded_gives_null_change_not_zero(three_years):
    frame = read(three_years, "SELECT * FROM marts.area_indicators WHERE year IN (2019, 2023)")
    assert frame["value_eur_previous_year"].isna().all()  # 2018 and 2022 are not loaded
    assert frame["change_ratio"].isna().all()
    assert frame["cagr_5y"].isna().all()


def test_partner_trends_every_column(three_years):
    actual = read(three_years, "SELECT * FROM marts.partner_trends")
    keys = ["year", "level", "area_code", "flow", "country_code"]
    compare(ref.partner_trends(raw(three_years)), actual, keys)
    jp = actual[(actual.year == 2024) & (actual.area_code == "92") & (actual.country_code == "JP")]
    assert jp[["value_eur", "value_eur_previous_year"]].values.tolist() == [[0, 250]]


def test_product_specialisation_every_column(three_years):
    actual = read(three_years, "SELECT * FROM marts.product_specialisation")
    keys = ["year", "level", "area_code", "flow", "product_code"]
    expected = ref.product_specialisation(raw(three_years))
    actual["rank"] = actual["rank"].astype("object").where(actual["rank"].notna(), None)
    compare(expected, actual, keys)


def test_trade_quarterly_every_column(three_years):
    actual = read(three_years, "SELECT * FROM marts.trade_quarterly")
    keys = ["year", "quarter", "level", "area_code", "flow"]
    compare(ref.trade_quarterly(raw(three_years)), actual, keys)
    # 2024 Q1-Q3 roll over 2023 (loaded); 2023 Q1-Q3 need 2022 (not loaded): null
    france = actual[(actual.level == "france") & (actual.flow == "export")].set_index(
        ["year", "quarter"]
    )
    assert france.loc[(2023, 3), "rolling_4q_eur"] is None or pd.isna(
        france.loc[(2023, 3), "rolling_4q_eur"]
    )
    assert france.loc[(2023, 4), "rolling_4q_eur"] == france.loc[2023, "value_eur"].sum()


def test_previous_year_rule_catches_a_broken_history(three_years, tmp_path):
    """The GX rule that ties value_eur_previous_year to the year before's value_eur."""
    import shutil

    from orchestration.validation.parameters import suite_inputs
    from orchestration.validation.runner import run_suite
    from orchestration.validation.suites import load_suites

    copy = tmp_path / "trade.duckdb"
    shutil.copyfile(three_years, copy)
    suite = next(s for s in load_suites() if s.name == "marts_area_indicators")
    variables, parameters = suite_inputs(None)
    assert run_suite(copy, suite, variables, parameters).success
    with duckdb.connect(str(copy)) as con:
        con.execute(
            "UPDATE marts.area_indicators SET value_eur_previous_year = value_eur_previous_year "
            "+ 1 WHERE year = 2024 AND area_code = '92' AND flow = 'import'"
        )
    result = run_suite(copy, suite, variables, parameters)
    assert [r.rule for r in result.errors] == ["previous_year_consistent"]
    assert result.errors[0].unexpected_count == 1


def test_fiche_shows_change_and_exposure_from_the_marts(three_years):
    """The « Évolution et exposition » section of Hauts-de-Seine, from the chart datasets."""
    import json

    from orchestration.fiches.render import render_area

    folder = three_years.parent / "exports" / "2024"
    exposure = json.loads((folder / "department" / "92" / "exposure.json").read_text())
    by_flow = {r["flow"]: r for r in exposure["rows"]}
    assert by_flow["export"]["change_ratio"] == pytest.approx(3200 / 2230 - 1)
    assert by_flow["export"]["first_partner_code"] == "DE"
    assert by_flow["export"]["first_partner_share"] == pytest.approx(1700 / 3200)
    evolution = json.loads((folder / "department" / "92" / "evolution.json").read_text())
    assert [r["year"] for r in evolution["rows"]] == [2019, 2023, 2024]
    html_path, _ = render_area(folder, "department", "92")
    html = html_path.read_text(encoding="utf-8")
    assert "Évolution et exposition" in html
    assert "+43,5\u00a0% par rapport à 2023" in html  # 3200 / 2230 - 1
    assert "Allemagne (53,1\u00a0%)" in html  # the first partner of the exports
    assert "département exportateur sur" in html


def test_import_dependence_every_column(three_years):
    actual = read(three_years, "SELECT * FROM marts.import_dependence")
    compare(ref.import_dependence(raw(three_years)), actual,
            ["year", "level", "area_code", "cpf4_code"])  # fmt: skip


def test_import_dependence_by_hand(three_years):
    """The hand-made imports of 2024: 92 buys 2120 from China (800) but exports 2 500 of it: not
    dependent; 2611 from China (300), not exported: dependent; Paris's gas from Norway (5 000):
    dependent; Corsica's meat from Spain (30): EU, no extra-EU supplier, not dependent."""
    rows = read(three_years, "SELECT * FROM marts.import_dependence WHERE year = 2024")
    get = {(r.level, r.area_code, r.cpf4_code): r for r in rows.itertuples()}
    pharma = get["department", "92", "2120"]
    assert (pharma.import_eur, pharma.n_suppliers, pharma.first_supplier_code) == (800, 1, "CN")
    assert pharma.extra_eu_share == 1 and pharma.hhi_extra_eu_suppliers == 1
    assert pharma.export_eur == 2500 and not pharma.is_dependent
    assert get["department", "92", "2611"].is_dependent
    assert get["department", "75", "0620"].is_dependent
    assert get["region", "11", "0620"].is_dependent and not get["region", "11", "2120"].is_dependent
    corsica = get["department", "20", "1011"]
    assert corsica.extra_eu_import_eur == 0 and pd.isna(corsica.hhi_extra_eu_suppliers)
    assert not corsica.is_dependent


def shipped_scenarios() -> list[dict]:
    import csv

    from orchestration.ingest.tariff_scenarios import SHIPPED

    with SHIPPED.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_tariff_exposure_products_every_column(three_years):
    actual = read(three_years, "SELECT * FROM marts.tariff_exposure_products")
    expected = ref.tariff_exposure_products(raw(three_years), shipped_scenarios())
    compare(expected, actual, ["scenario_id", "year", "level", "area_code", "partner_code",
                               "cpf4_code"])  # fmt: skip


def test_tariff_exposure_every_column(three_years):
    actual = read(three_years, "SELECT * FROM marts.tariff_exposure")
    expected = ref.tariff_exposure(raw(three_years), shipped_scenarios())
    compare(expected, actual, ["scenario_id", "year", "level", "area_code"])


def test_tariff_duties_by_product_every_column(three_years):
    actual = read(three_years, "SELECT * FROM marts.tariff_duties_by_product")
    expected = ref.tariff_duties_by_product(raw(three_years), shipped_scenarios())
    assert len(expected) > 0
    compare(expected, actual, ["scenario_id", "year", "level", "area_code", "cpf4_code"])


def test_tariff_exposure_by_hand(three_years):
    """Hauts-de-Seine sells the United States 1 000 € of medicines (2120, A129 C21Z) in 2024 out
    of 3 200 € of exports; Guadeloupe 50 € of drinks (1101)."""
    rows = read(three_years, "SELECT * FROM marts.tariff_exposure WHERE year = 2024 "
                             "AND level = 'department'")  # fmt: skip
    rows = rows.set_index(["scenario_id", "area_code"])
    deal = rows.loc["us_eu_2025", "92"]  # medicines: the A129 line C21Z, 0 %
    assert (deal.export_eur, deal.exports_to_partners_eur, deal.exposed_eur) == (3200, 1000, 0)
    assert deal.duties_eur == 0 and pd.isna(deal.first_product_code)
    flat = rows.loc["us_uniform_25", "92"]  # `*` at 25 %
    assert (flat.exposed_eur, flat.duties_eur) == (1000, 250)
    assert flat.duties_share == pytest.approx(250 / 3200) and flat.first_product_code == "2120"
    assert flat.first_product_label == "Préparations pharmaceutiques"
    drinks = rows.loc["us_eu_2025", "971"]  # no line for 1101 nor C11Z: `*` at 15 %
    assert drinks.duties_eur == pytest.approx(7.5) and drinks.exposed_share == 1.0
    assert rows.loc["us_uniform_10", "75"].duties_eur == 0  # Paris sells nothing to the US
