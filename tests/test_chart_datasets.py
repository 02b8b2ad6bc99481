"""Chart datasets: every file adds up to the marts' totals; Sankeys as the fiche draws them."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest

from orchestration.charts.flows import COLUMNS as FLOW_COLUMNS
from orchestration.charts.flows import nodes as sankey_nodes
from orchestration.fiches.names import fiche_pdf
from orchestration.fiches.outdated import fiche_files
from orchestration.publish.spreadsheet import read_excel_csv


@pytest.fixture(scope="module")
def exports(hand_built):
    return hand_built.parent / "exports" / "2024"


@pytest.fixture(scope="module")
def totals(hand_built) -> dict:
    with duckdb.connect(str(hand_built), read_only=True) as con:
        rows = con.execute(
            "SELECT level, area_code, export_eur, import_eur FROM marts.trade_totals"
        ).fetchall()
    return {(lv, a): {"export": e, "import": i} for lv, a, e, i in rows}


def test_one_folder_per_area_with_every_dataset_in_csv_and_json(exports, totals):
    levels = ("department", "region", "france")
    folders = {(p.parent.name, p.name) for lv in levels for p in exports.glob(f"{lv}/*")}
    assert folders == set(totals)
    names = {
        "totals",
        "partners",
        "activities",
        "flows_export",
        "flows_import",
        "evolution",
        "exposure",
        "quarters",
        "specialisation",
        "dependence",
        "tariffs",
        "tariff_products",
    }
    for level, area in totals:
        files = {p.name for p in (exports / level / area).iterdir()}
        pages = {"fiche.html", fiche_pdf(level, area, 2024), ".fiche.key", ".fiche.pdf.json"}
        assert files - pages - {"charts"} == {
            f"{n}.{ext}" for n in names for ext in ("csv", "json")
        } | {"LISEZ-MOI.txt"}
    note = (exports / "department" / "92" / "LISEZ-MOI.txt").read_text(encoding="utf-8")
    assert "Licence Ouverte / Etalab 2.0" in note and "millésime 202501" in note
    assert "SYNTHÉTIQUES" not in note


def test_a_synthetic_folder_says_so():
    from orchestration.chart_datasets.store import readme_text

    assert readme_text(2024, "SYNTH").startswith("DONNÉES SYNTHÉTIQUES")


def test_every_dataset_adds_up_to_the_totals(exports, totals):
    for (level, area), expected in totals.items():
        folder = exports / level / area
        t = read_excel_csv(folder / "totals.csv").set_index("flow")["value_eur"].to_dict()
        assert t == expected
        activities = read_excel_csv(folder / "activities.csv")
        for flow in ("export", "import"):
            tiles = activities[activities.flow == flow]
            assert tiles["value_eur"].sum() == expected[flow]
            if expected[flow]:
                assert tiles["share_of_flow"].sum() == pytest.approx(1.0)
                assert set(tiles["flow_total_eur"]) == {expected[flow]}
            links = read_excel_csv(folder / f"flows_{flow}.csv")
            assert links["value_eur"].sum() == expected[flow]
        partners = read_excel_csv(folder / "partners.csv")
        assert len(partners) <= 10
        assert (partners.balance_eur == partners.export_eur - partners.import_eur).all()


def test_sankey_nodes_and_highlighted_links_are_those_of_top_flows(exports, hand_built):
    with duckdb.connect(str(hand_built), read_only=True) as con:
        highlighted = con.execute(
            "SELECT level, area_code, flow, product_code, country_code FROM marts.top_flows "
            "WHERE product_level = 'a129' AND is_top_link"
        ).fetchall()
    expected = {}
    for level, area, flow, product, country in highlighted:
        pair = (product, country) if flow == "export" else (country, product)
        expected.setdefault((level, area, flow), set()).add(pair)
    for path in exports.glob("*/*/flows_*.json"):
        data = json.loads(path.read_text())
        level, area, flow = data["level"], data["area_code"], path.stem.split("_")[1]
        for side in ("source", "target"):
            nodes = sankey_nodes(pd.DataFrame(data["rows"], columns=FLOW_COLUMNS))[side]
            assert len(nodes) <= 11
            codes = [n["code"] for n in nodes]
            if "AUTRES" in codes:
                assert codes[-1] == "AUTRES" and nodes[-1]["rank"] == 11
            assert [n["rank"] for n in nodes] == sorted(n["rank"] for n in nodes)
        got = {(r["source_code"], r["target_code"]) for r in data["rows"] if r["is_top_link"]}
        assert got == expected.get((level, area, flow), set()), path


def test_few_partners_means_no_autres_node(exports):
    data = json.loads((exports / "department" / "92" / "flows_export.json").read_text())
    nodes = sankey_nodes(pd.DataFrame(data["rows"], columns=FLOW_COLUMNS))
    codes = [n["code"] for side in nodes.values() for n in side]
    assert "AUTRES" not in codes
    assert [n["code"] for n in nodes["source"]] == ["C21Z", "C20B"]
    assert data["vintage"] == "202501"


def test_every_dataset_file_has_the_columns_its_chart_declares(exports, totals):
    from orchestration.charts import CHARTS, DATASETS

    assert list(DATASETS) == [d for chart in CHARTS.values() for d in chart.datasets]
    for level, area in totals:
        for name, columns in DATASETS.items():
            raw = (exports / level / area / f"{name}.csv").read_bytes()
            assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # BOM, CRLF: Excel
            header = raw.decode("utf-8-sig").splitlines()[0]
            assert header.split(";") == columns, (level, area, name)
            rows = json.loads((exports / level / area / f"{name}.json").read_text())["rows"]
            assert all(list(row) == columns for row in rows), (level, area, name)


def test_a_chart_whose_dataset_drifts_from_its_columns_is_refused(monkeypatch):
    import orchestration.charts as charts
    from orchestration.charts.base import Chart, Marts

    def build(marts, level, area, year):
        return {"ratios": pd.DataFrame({"year": [year], "ratio": [0.5]})}

    drifting = Chart(name="ratios", summary="", queries={}, datasets={"ratios": ["year", "value"]},
                     build=build)  # fmt: skip
    monkeypatch.setattr(charts, "CHARTS", {"ratios": drifting})
    with pytest.raises(ValueError, match=r"chart 'ratios': dataset 'ratios' has columns"):
        charts.area_datasets(Marts(), "department", "92", 2024)


def test_the_registry_declares_what_the_chart_datasets_asset_reads():
    """The asset depends on exactly the marts the charts' SQL names, and the vintage of the year
    (`marts.dim_years`, `store.read_vintage`); shared frames agree."""
    from orchestration.assets.exports import chart_datasets
    from orchestration.charts import CHARTS, MARTS, QUERIES

    deps = {key.path[-1] for key in chart_datasets.asset_deps[chart_datasets.key]}
    assert deps == {*MARTS, "dim_years"}
    assert {"trade_totals", "top_flows", "area_indicators"} <= deps
    for chart in CHARTS.values():
        for name, sql in chart.queries.items():
            assert QUERIES[name] == sql
        if chart.draw is not None:  # a drawing has its title (accessible name) and data table
            assert chart.titles and chart.table, chart.name
            assert set(chart.table) <= {c for cols in chart.datasets.values() for c in cols}


def test_tariff_datasets_are_the_first_scenario_recomputed_from_raw(exports, hand_built, totals):
    """Every area's `tariffs` and `tariff_products` against the scenario file's first scenario
    applied with dicts to the raw lines (tests/indicators_reference.py), not to the marts."""
    import csv

    from orchestration.ingest.tariff_scenarios import SHIPPED
    from tests import indicators_reference as ref

    with SHIPPED.open(encoding="utf-8") as f:
        lines = list(csv.DictReader(f))
    first = lines[0]["scenario_id"]
    with duckdb.connect(str(hand_built), read_only=True) as con:
        raw = con.execute("SELECT * FROM raw.customs_trade").df()
    products = ref.tariff_exposure_products(raw, lines)
    products = products[products["scenario_id"] == first]
    for level, area in totals:
        folder = exports / level / area
        summary = json.loads((folder / "tariffs.json").read_text())["rows"]
        mine = products[(products["level"] == level) & (products["area_code"] == area)]
        if not totals[level, area]["export"]:
            assert summary == []
            continue
        (row,) = summary
        assert row["scenario_id"] == first and row["partner_codes"] == "US"
        assert row["partner_names"] == "États-Unis"
        assert row["exports_to_partners_eur"] == mine["export_eur"].sum()
        assert row["exposed_eur"] == mine.loc[mine["rate"] > 0, "export_eur"].sum()
        assert row["duties_eur"] == pytest.approx(mine["duties_eur"].sum())
        assert row["duties_share"] == pytest.approx(
            mine["duties_eur"].sum() / totals[level, area]["export"]
        )
        taxed = mine[mine["duties_eur"] > 0].groupby("cpf4_code")
        taxed = taxed[["export_eur", "duties_eur"]].sum()
        ranked = sorted(taxed.itertuples(), key=lambda r: (-r.duties_eur, r.Index))[:5]
        top = json.loads((folder / "tariff_products.json").read_text())["rows"]
        assert [r["cpf4_code"] for r in top] == [r.Index for r in ranked], (level, area)
        for got, want in zip(top, ranked, strict=True):
            assert got["rate"] == pytest.approx(want.duties_eur / want.export_eur)
            assert got["share_of_duties"] == pytest.approx(
                want.duties_eur / taxed["duties_eur"].sum()
            )


def test_tariff_products_by_hand(exports):
    """Bouches-du-Rhône sells the United States steel (2410, 440 €, 50 % under the 2025 deal),
    cars (2910, 730 €), chocolate (1082, 550 €) and motors (2711, 470 €) at 15 %: 482,5 € of
    duties, steel first."""
    top = json.loads((exports / "department" / "13" / "tariff_products.json").read_text())["rows"]
    assert [(r["cpf4_code"], r["export_eur"], r["rate"], r["duties_eur"]) for r in top] == [
        ("2410", 440, 0.5, 220.0), ("2910", 730, 0.15, 109.5),
        ("1082", 550, 0.15, 82.5), ("2711", 470, 0.15, 70.5),
    ]  # fmt: skip
    (row,) = json.loads((exports / "department" / "13" / "tariffs.json").read_text())["rows"]
    assert (row["exports_to_partners_eur"], row["duties_eur"]) == (2190, 482.5)


def test_an_area_the_marts_no_longer_hold_loses_its_folder(hand_built, tmp_path, totals):
    """A revision that drops a département (taken with --accept-revision): the next write of the
    year's datasets removes that département's folder, fiche included, and nothing else."""
    import shutil

    from orchestration.chart_datasets.store import write_year_datasets

    warehouse = tmp_path / "trade.duckdb"
    shutil.copyfile(hand_built, warehouse)
    exports = tmp_path / "exports" / "2024"
    shutil.copytree(hand_built.parent / "exports" / "2024", exports)
    stale = exports / "department" / "93"
    shutil.copytree(exports / "department" / "92", stale)  # as an older vintage left it
    (stale / "fiche.html").write_text("<p>93, vintage 202401</p>", encoding="utf-8")
    (exports / "territoire").mkdir(exist_ok=True)  # not a level of the marts: left alone
    write_year_datasets(warehouse, 2024, charts=["tariffs"])  # a partial write, as `tariffs`
    assert not stale.exists()
    assert not (tmp_path / "exports" / ".stale").exists()
    levels = ("department", "region", "france")
    assert {(p.parent.name, p.name) for lv in levels for p in exports.glob(f"{lv}/*")} == set(
        totals
    )
    assert (exports / "territoire").is_dir()


def test_pages_made_from_changed_datasets_are_withdrawn(hand_built, tmp_path):
    """A département's datasets change (a new vintage, or a build with `--fiches none`): its
    fiche, its region's (which lists it) and the territory pages that gather it are withdrawn,
    the index pages say so instead of linking to them, and every other page is kept."""
    import shutil

    from orchestration.fiches.outdated import withdraw_outdated
    from orchestration.fiches.territory_pages import read_territories

    warehouse = tmp_path / "trade.duckdb"
    shutil.copyfile(hand_built, warehouse)
    exports = tmp_path / "exports" / "2024"
    shutil.copytree(hand_built.parent / "exports" / "2024", exports)
    fiches = sorted(p.parent for p in exports.glob("*/*/fiche.html"))
    assert len(fiches) >= 4, fiches  # the hand-made year has its fiches rendered
    assert withdraw_outdated(warehouse, 2024) == {"fiches": [], "territories": []}  # unchanged
    totals_file = exports / "department" / "92" / "totals.json"
    data = json.loads(totals_file.read_text(encoding="utf-8"))
    region = str(data["rows"][0]["region_code"])
    data["vintage"] = "202502"  # as a new vintage writes it
    totals_file.write_text(json.dumps(data), encoding="utf-8")
    done = withdraw_outdated(warehouse, 2024)
    assert done["fiches"] == ["department/92", f"region/{region}"]
    gathering_92 = sorted({r.ti_id for r in read_territories(warehouse)
                           if r.department_code == "92"})  # fmt: skip
    assert gathering_92 and done["territories"] == gathering_92
    for area in fiches:
        withdrawn = f"{area.parent.name}/{area.name}" in done["fiches"]
        for name in fiche_files(area.parent.name, area.name, 2024)[:4]:  # not the old name
            assert (area / name).exists() != withdrawn, (area, name)
    for ti_id in gathering_92:
        assert not (exports / "territoires" / ti_id / f"territoire-{ti_id}-2024.pdf").exists()
    index = (exports / "index.html").read_text(encoding="utf-8")
    assert 'href="department/92/fiche.html"' not in index
    for area in fiches:
        link = f"{area.parent.name}/{area.name}"
        assert (f'href="{link}/fiche.html"' in index) != (link in done["fiches"]), link
    assert index.count("fiche à produire (territorial-trade fiches)") == 2
    territories_index = (exports / "territoires" / "index.html").read_text(encoding="utf-8")
    assert territories_index.count("page à produire") == len(gathering_92)
    assert withdraw_outdated(warehouse, 2024) == {"fiches": [], "territories": []}  # once
