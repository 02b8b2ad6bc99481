"""The tariff scenario file: what is accepted, what is refused (one line naming the line and the
value), and a load that replaces the scenarios whole."""

from __future__ import annotations

import re

import duckdb
import pytest

from orchestration.ingest.tariff_scenarios import (
    COLUMNS,
    SHIPPED,
    TariffScenarioError,
    known_codes,
    load_scenarios,
    parse_scenarios,
    read_scenarios,
)

HEADER = ",".join(COLUMNS)
KNOWN = known_codes()


def parse(*lines: str) -> list:
    return parse_scenarios("\n".join([HEADER, *lines]).encode(), "scenarios.csv", KNOWN)


def test_the_shipped_scenarios_are_valid_and_sourced():
    lines = read_scenarios(SHIPPED)
    assert {t.scenario_id for t in lines} == {"us_eu_2025", "us_uniform_10", "us_uniform_25"}
    assert all(t.source and t.note for t in lines)
    deal = {t.product_code: t.rate for t in lines if t.scenario_id == "us_eu_2025"}
    assert deal["*"] == 0.15 and deal["C30C"] == 0 and deal["2410"] == 0.5


def test_codes_and_rates_are_read_as_a_user_writes_them():
    (line,) = parse('s1,Un scénario,us,c30c,"0,2",src,note')
    assert (line.partner_code, line.product_code, line.rate) == ("US", "C30C", 0.2)


@pytest.mark.parametrize(("line", "message"), [
    ("s1,L,ZZ,*,0.1,src,n", "line 2: unknown partner_code 'ZZ'"),
    ("s1,L,US,9999,0.1,src,n", "line 2: unknown product_code '9999'"),
    ("s1,L,US,*,abc,src,n", "line 2: rate 'abc' is not a number"),
    ("s1,L,US,*,6,src,n", "line 2: rate '6' outside 0-5"),
    ("s1,L,US,*,-0.1,src,n", "line 2: rate '-0.1' outside 0-5"),
    (",L,US,*,0.1,src,n", "line 2: empty scenario_id"),
])  # fmt: skip
def test_a_bad_line_is_refused_naming_its_line_and_value(line, message):
    with pytest.raises(TariffScenarioError, match=re.escape("scenarios.csv: " + message)):
        parse(line)


def test_a_duplicate_key_a_second_label_and_a_missing_column_are_refused():
    with pytest.raises(TariffScenarioError, match=r"line 3: .*already given at line 2"):
        parse("s1,L,US,2410,0.5,src,n", "s1,L,US,2410,0.25,src,n")
    with pytest.raises(TariffScenarioError, match="line 3: scenario 's1' has another label"):
        parse("s1,L,US,2410,0.5,src,n", "s1,M,US,*,0.1,src,n")
    bad = b"scenario_id,partner_code,product_code,rate\ns1,US,*,0.1"
    with pytest.raises(TariffScenarioError, match=r"line 1: missing column.*scenario_label"):
        parse_scenarios(bad, "scenarios.csv", KNOWN)


def test_a_header_with_a_column_twice_or_unknown_is_refused_not_read_from_its_last():
    """A header `…,rate,source,note,rate` with 0.15 then 4.9 was read as a rate of 4.9 (the
    published duties came to 4.9 times the exports); a misspelt extra column was ignored."""
    twice = (HEADER + ",rate\ns1,L,US,*,0.15,src,n,4.9").encode()
    with pytest.raises(TariffScenarioError, match=r"scenarios.csv: line 1: column\(s\) given "
                       r"twice: rate \(expected each of scenario_id, .* once\)"):  # fmt: skip
        parse_scenarios(twice, "scenarios.csv", KNOWN)
    extra = (HEADER + ",rat\ns1,L,US,*,0.15,src,n,4.9").encode()
    with pytest.raises(TariffScenarioError, match=r"line 1: unknown column\(s\): 'rat'"):
        parse_scenarios(extra, "scenarios.csv", KNOWN)


@pytest.mark.parametrize(("line", "given"), [("s1,L,US,*,0.15,src,n,0.3", 8),
                                             ("s1,L,US,*,0.15", 5)])  # fmt: skip
def test_a_line_with_more_or_fewer_values_than_the_header_is_refused(line, given):
    expected = f"line 2: {given} values where the header names 7 columns"
    with pytest.raises(TariffScenarioError, match=expected):
        parse(line)


def test_a_load_replaces_the_scenarios_whole(tmp_path):
    db = tmp_path / "trade.duckdb"
    load_scenarios(db, read_scenarios(SHIPPED), str(SHIPPED))
    load_scenarios(db, parse("s1,Un scénario,US,*,0.2,src,n"), "mine.csv")
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT scenario_id, rate, source_file FROM raw.tariff_scenarios"
        ).fetchall()
    assert rows == [("s1", 0.2, "mine.csv")]


def test_build_refuses_a_bad_scenario_file_before_anything_runs(tmp_path, capsys):
    from orchestration.cli import main

    bad = tmp_path / "scenarios.csv"
    bad.write_text(HEADER + "\ns1,L,US,*,15,src,n\n", encoding="utf-8")
    warehouse = tmp_path / "w" / "trade.duckdb"
    code = main(["build", "--year", "2024", "--source", "synthetic", "--warehouse",
                 str(warehouse), "--tariff-scenarios", str(bad)])  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err == [f"territorial-trade build: error: {bad}: line 2: rate '15' outside 0-5 "
                   "(a fraction: 0.15 for 15 %)"]  # fmt: skip
    assert not warehouse.exists()


def _copy_hand_built(hand_built, tmp_path):
    import shutil

    root = tmp_path / "w"
    shutil.copytree(hand_built.parent, root, symlinks=True, ignore=shutil.ignore_patterns("*.lock"))
    return root / "trade.duckdb"


def _snapshot(warehouse) -> dict:
    """What a refused command must leave as it was: the scenarios, the marts' duties, the
    published version, the fiches' datasets."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        raw = con.execute("SELECT * FROM raw.tariff_scenarios ORDER BY ALL").fetchall()
        duties = con.execute("SELECT sum(duties_eur) FROM marts.tariff_exposure").fetchone()
    current = (warehouse.parent / "published" / "current").resolve()
    datasets = warehouse.parent / "exports" / "2024" / "department" / "13" / "tariffs.json"
    return {"raw": raw, "duties": duties, "current": current, "datasets": datasets.read_bytes()}


def test_tariffs_refuses_a_bad_file_in_one_line_and_changes_nothing(hand_built, tmp_path,
                                                                     capsys):  # fmt: skip
    from orchestration.cli import main

    warehouse = _copy_hand_built(hand_built, tmp_path)
    before = _snapshot(warehouse)
    bad = tmp_path / "mine.csv"
    bad.write_text(HEADER + "\ns1,L,US,*,0.1,src,n\ns1,L,ZZ,*,0.1,src,n\n", encoding="utf-8")
    code = main(["tariffs", "--file", str(bad), "--warehouse", str(warehouse)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err == [f"territorial-trade tariffs: error: {bad}: line 3: unknown partner_code 'ZZ' "
                   "(a country code of the customs, such as US)"]  # fmt: skip
    assert _snapshot(warehouse) == before
    code = main(["tariffs", "--file", str(bad), "--warehouse", str(tmp_path / "none.duckdb")])
    assert code == 2


@pytest.mark.slow  # the command end to end: its child process, dbt, publication, pages
def test_tariffs_replaces_the_scenarios_and_rebuilds_marts_publication_and_fiches(
    hand_built, tmp_path, capsys
):
    """A user's file whose first scenario is 20 % on everything sold to China: the marts, the
    published tables, the chart datasets and the fiche of Bouches-du-Rhône (a fifth of what it
    sells China) follow, in one command."""
    from pypdf import PdfReader

    from orchestration.cli import main

    warehouse = _copy_hand_built(hand_built, tmp_path)
    before = _snapshot(warehouse)
    mine = tmp_path / "mine.csv"
    mine.write_text(HEADER + "\nchina_20,Droit de 20 % sur les biens vendus à la Chine,CN,*,0.2,"
                    "test,\nus_25,Droit de 25 %,US,*,0.25,test,\n", encoding="utf-8")  # fmt: skip
    assert main(["tariffs", "--file", str(mine), "--warehouse", str(warehouse)]) == 0
    out = capsys.readouterr().out
    assert "2024 tariffs: ok" in out and "2024 exports: ok" in out
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT DISTINCT scenario_id, scenario_order FROM "
                           "marts.tariff_exposure ORDER BY 2").fetchall() == [
            ("china_20", 1), ("us_25", 2)]  # fmt: skip
        exported = con.execute(
            "SELECT sum(export_eur) FROM marts.partner_balance WHERE level = 'department' "
            "AND area_code = '13' AND country_code = 'CN' AND year = 2024"
        ).fetchone()[0]
    after = _snapshot(warehouse)
    assert after["current"] != before["current"]  # a new version published
    with duckdb.connect(str(after["current"] / "trade.duckdb"), read_only=True) as con:
        published = con.execute(
            "SELECT duties_eur FROM marts.tariff_exposure WHERE scenario_id = 'china_20' "
            "AND area_id = 'department:13'"
        ).fetchone()[0]
    assert published == pytest.approx(0.2 * exported)
    import json

    (row,) = json.loads(after["datasets"])["rows"]
    assert (row["scenario_id"], row["partner_codes"]) == ("china_20", "CN")
    assert row["duties_eur"] == pytest.approx(0.2 * exported)
    fiche = warehouse.parent / "exports" / "2024" / "department" / "13" / "fiche-13-2024.pdf"
    text = " ".join(p.extract_text() for p in PdfReader(str(fiche)).pages)
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))
    assert "Scénario : Droit de 20 % sur les biens vendus à la Chine" in text
    assert "vers la Chine" in text
