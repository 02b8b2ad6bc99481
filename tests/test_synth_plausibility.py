"""The synthetic demo's plausibility contract: what an analyst checks first, over 2019-2024.

The demo's years (sample scale, seed 0, as `territorial-trade demo` makes them) are generated
once for the module and aggregated here with SQL of their own, independently of the marts.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from orchestration.synth import calibration as cal
from orchestration.synth.generator import (
    ROWS_PER_FLOW,
    build_structure,
    generate_flow,
    load_reference,
)

YEARS = range(2019, 2025)
SEEDS = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds"
OVERSEAS = ("9A", "9B", "9C", "9D", "9E")


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    """Every line of the demo's six years, with the département's INSEE region."""
    frames = []
    for year in YEARS:
        ref = load_reference(year)
        structure = build_structure(ref, 0)
        rng = np.random.default_rng([0, year])
        for flow in ("export", "import"):
            q, d, p, c, v, _ = generate_flow(
                year, flow, ref, ROWS_PER_FLOW["sample"], rng, structure
            )
            frames.append(pd.DataFrame({
                "year": year, "flow": flow,
                "department": np.array([x for x, _ in ref.departments])[d],
                "cpf4": np.array([x for x, _ in ref.products])[p],
                "a129": np.array([a for _, a in ref.products])[p],
                "country": np.array(ref.countries)[c], "quarter": q, "value": v,
            }))  # fmt: skip
    lines = pd.concat(frames, ignore_index=True)  # noqa: F841 (read by DuckDB below)
    db = duckdb.connect()
    db.execute("CREATE TABLE lines AS SELECT * FROM lines")
    db.execute(
        f"CREATE TABLE deps AS SELECT * FROM read_csv('{SEEDS / 'ref_departments.csv'}', "
        "all_varchar = true)"
    )
    db.execute(
        "CREATE VIEW trade AS SELECT l.*, d.region_code FROM lines AS l "
        "JOIN deps AS d ON d.customs_department_code = l.department"
    )
    return db


def _published() -> list[dict]:
    with open(SEEDS / "ref_published_figures.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _value(con, fig: dict) -> float:
    """The figure recomputed from the lines, in M€."""
    where = ["year = ?"]
    args: list = [int(fig["year"])]
    if fig["level"] == "department":
        where.append("department = (SELECT customs_department_code FROM deps "
                     "WHERE department_code = ?)")  # fmt: skip
        args.append(fig["area_code"])
    elif fig["level"] == "region":
        where.append("region_code = ?")
        args.append(fig["area_code"])
    kind, _, what = fig["breakdown"].partition(":")
    if kind == "partner":
        where.append("country = ?")
        args.append(what)
    elif kind == "product":
        codes = what.split("+")
        column = "cpf4" if codes[0].isdigit() else "a129"
        where.append(f"{column} IN ({', '.join('?' * len(codes))})")
        args.extend(codes)
    x, m = con.execute(
        "SELECT coalesce(sum(value) FILTER (flow = 'export'), 0), "
        f"coalesce(sum(value) FILTER (flow = 'import'), 0) FROM trade WHERE {' AND '.join(where)}",
        args,
    ).fetchone()
    return {"export": x, "import": m, "balance": x - m}[fig["flow"]] / 1e6


def test_every_published_figure_within_its_tolerance(con):
    figures = [f for f in _published() if int(f["year"]) in YEARS]
    assert len(figures) >= 90  # totals, partners, products, energy, regions
    gaps = []
    for fig in figures:
        value = round(_value(con, fig), 1)
        published = float(fig["value_meur"])
        tolerance = float(
            fig["tolerance_meur"] or abs(published) * float(fig["tolerance_pct"]) / 100
        )
        if abs(value - published) > tolerance + 1e-9:
            gaps.append((fig["year"], fig["area_code"], fig["flow"], fig["breakdown"],
                         published, value))  # fmt: skip
    assert gaps == []


@pytest.mark.parametrize("flow", ["export", "import"])
def test_france_ten_first_partners_are_the_published_ones(con, flow):
    published = {
        f["breakdown"][8:]: float(f["value_meur"]) for f in _published()
        if f["year"] == "2024" and f["flow"] == flow and f["level"] == "france"
        and f["breakdown"].startswith("partner:") and "Douanes" in f["source"]
    }  # fmt: skip
    assert len(published) == 10
    rows = con.execute(
        "SELECT country, sum(value) / 1e6 FROM trade WHERE year = 2024 AND flow = ? "
        "GROUP BY country ORDER BY 2 DESC LIMIT 10",
        [flow],
    ).fetchall()
    assert {c for c, _ in rows} == set(published)
    total = con.execute(
        "SELECT sum(value) / 1e6 FROM trade WHERE year = 2024 AND flow = ?", [flow]
    ).fetchone()[0]
    france = {"export": 580_354.5, "import": 684_776.3}[flow]
    for country, value in rows:  # shares of France's flow within 15 % of the published ones
        assert (
            abs(value / total - published[country] / france) <= 0.15 * published[country] / france
        )


def test_energy_bill_shape_and_level(con):
    bill = dict(con.execute(
        "SELECT year, sum(CASE flow WHEN 'export' THEN value ELSE -value END) / 1e9 FROM trade "
        "WHERE a129 IN ('B05Z', 'B06Z', 'C19Z', 'D35A', 'D35B') GROUP BY year"
    ).fetchall())  # fmt: skip
    sdes = {2019: -39.4, 2020: -25.5, 2021: -44.0, 2022: -116.3, 2023: -72.9, 2024: -57.8}
    for year, value in sdes.items():
        assert abs(bill[year] - value) <= 0.10 * abs(value), (year, bill[year])
    # the 2020 low, the 2022 peak, then falling back
    assert min(bill, key=lambda y: -bill[y]) == 2020
    assert max(bill, key=lambda y: -bill[y]) == 2022
    assert -bill[2022] > -bill[2023] > -bill[2024]


def test_no_electricity_overseas_and_energy_where_it_lands(con):
    overseas = con.execute(
        "SELECT count(*) FROM trade WHERE a129 = 'D35A' AND department IN ?", [list(OVERSEAS)]
    ).fetchone()[0]
    assert overseas == 0
    crude = {d for (d,) in con.execute(
        "SELECT DISTINCT department FROM trade WHERE cpf4 = '0610' AND flow = 'import'"
    ).fetchall()}  # fmt: skip
    assert crude <= set(cal.CRUDE_DEPARTMENTS) and {"76", "13", "44"} <= crude
    gas = {d for (d,) in con.execute(
        "SELECT DISTINCT department FROM trade WHERE cpf4 = '0620' AND flow = 'import'"
    ).fetchall()}  # fmt: skip
    assert gas <= set(cal.GAS_DEPARTMENTS["import"]) and {"75", "13", "44", "59"} <= gas
    assert "76" not in {d for (d,) in con.execute(
        "SELECT DISTINCT department FROM trade WHERE cpf4 = '0620' AND flow = 'import' "
        "AND year < 2023").fetchall()}  # Le Havre's LNG terminal opened in 2023  # fmt: skip
    electricity = {d for (d,) in con.execute(
        "SELECT DISTINCT department FROM trade WHERE a129 = 'D35A'"
    ).fetchall()}  # fmt: skip
    assert electricity == {"75"}  # by convention, in Paris (the customs' description of the file)


def test_overseas_trade_with_their_own_partners_never_with_france(con):
    partners = con.execute("SELECT DISTINCT country FROM trade").fetchall()
    assert not {c for (c,) in partners} & cal.NOT_PARTNERS
    for dep in OVERSEAS:
        top = con.execute(
            "SELECT country FROM trade WHERE department = ? AND year = 2024 GROUP BY country "
            "ORDER BY sum(value) DESC LIMIT 3",
            [dep],
        ).fetchall()
        theirs = set(cal.OVERSEAS_PARTNERS[dep]) | set(cal.OVERSEAS_EXPORT_PARTNERS.get(dep, ()))
        assert {c for (c,) in top} <= theirs, dep


def test_no_microstate_among_a_departments_ten_first_partners(con):
    found = con.execute(
        """
        SELECT year, department, flow, country FROM (
            SELECT *, row_number() OVER (
                PARTITION BY year, department, flow ORDER BY v DESC, country) AS rank
            FROM (SELECT year, department, flow, country, sum(value) AS v FROM trade GROUP BY ALL))
        WHERE rank <= 10 AND country IN ?
        """,
        [sorted(cal.MICROSTATES)],
    ).fetchall()
    assert found == []


def test_partner_lines_are_stable_from_year_to_year(con):
    """Partner lines above 5 % of an area's flow moving by more than half in a year: at most 5 %
    of them, outside the 2020 and 2022 shocks."""
    moved, lines = con.execute(
        """
        WITH areas AS (
            SELECT year, flow, 'department:' || department AS area, country, value FROM trade
            UNION ALL SELECT year, flow, 'region:' || region_code, country, value FROM trade
            UNION ALL SELECT year, flow, 'france', country, value FROM trade),
        partner AS (SELECT year, flow, area, country, sum(value) AS v FROM areas GROUP BY ALL),
        share AS (SELECT *, v / sum(v) OVER (PARTITION BY year, flow, area) AS s FROM partner),
        pairs AS (
            SELECT cur.v, prev.v AS before FROM share AS cur
            LEFT JOIN share AS prev ON prev.year = cur.year - 1 AND prev.flow = cur.flow
                AND prev.area = cur.area AND prev.country = cur.country
            WHERE cur.s > 0.05 AND cur.year > 2019 AND cur.year NOT IN (2020, 2022))
        SELECT count(*) FILTER (before IS NULL OR abs(v / before - 1) > 0.5), count(*)
        FROM pairs
        """
    ).fetchone()
    assert lines > 1000
    assert moved / lines <= 0.05, (moved, lines)


def _sourced_profiles() -> list[tuple[str, str, str]]:
    """(département, flow, A129) of every département profile with a source, for its products
    weighted at least five times the national mix."""
    return [
        (dep, flow, a129)
        for dep, profile in cal.PROFILES.items()
        if not dep.startswith("region:") and profile.get("source")
        for flow in ("export", "import")
        for a129, m in profile.get(flow, {}).items()
        if m >= 5
    ]


def test_each_sourced_profile_is_among_the_departments_first_products(con):
    profiles = _sourced_profiles()
    assert len(profiles) >= 15
    missing = []
    for dep, flow, a129 in profiles:
        top = [a for (a,) in con.execute(
            "SELECT a129 FROM trade WHERE department = ? AND flow = ? AND year = 2024 "
            "GROUP BY a129 ORDER BY sum(value) DESC LIMIT 5", [dep, flow]).fetchall()]  # fmt: skip
        if a129 not in top:
            missing.append((dep, flow, a129, top))
    assert missing == [], missing


@pytest.mark.parametrize(
    ("dep", "flow", "first"),
    [
        ("31", "export", "C30C"),  # Haute-Garonne: Airbus
        ("51", "export", "C11Z"),  # Marne: champagne
        ("16", "export", "C11Z"),  # Charente: cognac
        ("13", "import", "B06Z|C19Z"),  # Bouches-du-Rhône: crude and LNG at Fos and Lavéra
        ("76", "import", "B06Z|C19Z"),  # Seine-Maritime: the Le Havre refineries
        ("63", "export", "C22A"),  # Puy-de-Dôme: tyres
        ("9D", "export", "C10H"),  # La Réunion: sugar
    ],
)
def test_territories_recognisable_by_their_first_product(con, dep, flow, first):
    for year in YEARS:
        (top,) = con.execute(
            "SELECT a129 FROM trade WHERE department = ? AND flow = ? AND year = ? "
            "GROUP BY a129 ORDER BY sum(value) DESC LIMIT 1",
            [dep, flow, year],
        ).fetchone()
        assert top in first.split("|"), (year, top)


def test_published_regional_facts_the_generator_was_not_fitted_on(con):
    """Facts read in regional publications that no margin of the fit holds: they follow from
    the profiles and partner preferences, and are checked here as an analyst would."""

    def share(where: str, part: str) -> float:
        return con.execute(
            f"SELECT sum(value) FILTER ({part}) / sum(value) FROM trade WHERE {where}"
        ).fetchone()[0]

    occitanie = "year = 2022 AND flow = 'export' AND region_code = '76'"
    # CCI Occitanie: aerospace 56.5 % of the exports, Haute-Garonne 61 %; DE 10.4, ES 10.1,
    # CN 9.3, US 6.9, IN 6.3 % of them
    assert abs(share(occitanie, "a129 = 'C30C'") - 0.565) <= 0.05
    assert abs(share(occitanie, "department = '31'") - 0.61) <= 0.03
    for country, published in {"DE": 0.104, "ES": 0.101, "CN": 0.093, "US": 0.069}.items():
        assert abs(share(occitanie, f"country = '{country}'") - published) <= 0.3 * published
    # DIRECCTE / CCI Hauts-de-France: Belgium, Germany and the UK 42.2 % of the 2022 exports
    hdf = "year = 2022 AND flow = 'export' AND region_code = '32'"
    assert abs(share(hdf, "country IN ('BE', 'DE', 'GB')") - 0.422) <= 0.05
    # forumeco: Grand Est's exports to Germany 16.3 bn€ in 2019 (its first client)
    (de,) = con.execute(
        "SELECT sum(value) / 1e9 FROM trade WHERE year = 2019 AND flow = 'export' "
        "AND region_code = '44' AND country = 'DE'"
    ).fetchone()
    assert abs(de - 16.3) <= 0.2 * 16.3
    # INSEE Flash Normandie 151: the only metropolitan region whose first destination is the US
    firsts = dict(con.execute(
        "SELECT region_code, arg_max(country, v) FROM (SELECT region_code, country, sum(value) AS v"
        " FROM trade WHERE year = 2023 AND flow = 'export' GROUP BY ALL) GROUP BY region_code"
    ).fetchall())  # fmt: skip
    assert firsts["28"] == "US"
    # Alsace: Germany takes 29 % of the exports (INSEE 2012); Bas-Rhin here
    bas_rhin = "year = 2024 AND flow = 'export' AND department = '67'"
    assert abs(share(bas_rhin, "country = 'DE'") - 0.29) <= 0.07
