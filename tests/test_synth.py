"""The synthetic source: deterministic, in the official layout, calibrated on the 2024 fiche."""

from __future__ import annotations

import zipfile

import duckdb

from orchestration.ingest.archive import inspect_archive
from orchestration.ingest.pipeline import ingest_year
from orchestration.ingest.sources import SourceSpec
from orchestration.synth.generator import write_archives
from orchestration.synth.nomenclature import a129_of
from tests.helpers import REFERENCE


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    a = write_archives(2022, tmp_path / "a", seed=7)
    b = write_archives(2022, tmp_path / "b", seed=7)
    c = write_archives(2022, tmp_path / "c", seed=8)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert a[0].read_bytes() != c[0].read_bytes()


def test_official_layout(tmp_path):
    export, _ = write_archives(2024, tmp_path)
    assert export.name == "SYNTH-Regional-2024-export.zip"
    contents = inspect_archive(export)
    assert contents.data_members == ["SYNTH_REGIONAL_CPF4PAYSE.txt"]
    assert set(contents.label_members) == {"cpf4", "a129", "country", "departments"}
    with zipfile.ZipFile(export) as zf:
        first = zf.read("SYNTH_REGIONAL_CPF4PAYSE.txt").split(b"\r\n", 1)[0].decode()
        # the annexes are shipped byte for byte (Windows-1252 CPF4 file, BOM on A129)
        assert (
            zf.read("Libelle_CPF4_rev2.1.txt")
            == (REFERENCE / "Libelle_CPF4_rev2.1.txt").read_bytes()
        )
        assert zf.read("Libelle_A129.txt").startswith(b"\xef\xbb\xbf")
    fields = first.split(";")
    assert len(fields) == 10 and fields[0] == "E" and fields[2] == "2024"


def test_calibration_and_realism(tmp_path, warehouse):
    result = ingest_year(SourceSpec("synthetic"), 2024, warehouse)
    assert 40_000 <= result.report.rows_by_flow["E"] <= 60_000
    with duckdb.connect(str(warehouse), read_only=True) as con:
        totals = dict(
            ((flow, scope), value)
            for flow, scope, value in con.execute(
                """
                SELECT flow, 'FR', sum(value_eur) FROM raw.customs_trade GROUP BY flow
                UNION ALL SELECT flow, 'IDF', sum(value_eur) FROM raw.customs_trade
                    WHERE dgddi_region_code = '03' GROUP BY flow
                UNION ALL SELECT flow, '92', sum(value_eur) FROM raw.customs_trade
                    WHERE department_code = '92' GROUP BY flow
                """
            ).fetchall()
        )
        deps = con.execute(
            "SELECT count(DISTINCT department_code) FROM raw.customs_trade"
        ).fetchone()
        pairs = con.execute(
            "SELECT DISTINCT cpf4_code, a129_code FROM raw.customs_trade"
        ).fetchall()
        vintages = con.execute("SELECT DISTINCT vintage FROM raw.customs_trade").fetchall()
        top_partner = con.execute(
            """
            SELECT department_code, arg_max(country_code, v) FROM (
                SELECT department_code, country_code, sum(value_eur) AS v
                FROM raw.customs_trade WHERE flow = 'E' GROUP BY ALL) GROUP BY ALL
            """
        ).fetchall()
    # exactly the published figures, in euros (so they round to the published M€)
    assert totals[("E", "92")] == 31_723_300_000
    assert totals[("E", "IDF")] == 141_666_300_000
    assert totals[("E", "FR")] == 580_354_500_000
    assert totals[("I", "92")] == 36_733_300_000
    assert totals[("I", "IDF")] == 192_202_900_000
    assert totals[("I", "FR")] == 684_776_300_000
    assert deps == (101,)
    assert all(a129_of(cpf4) == a129 for cpf4, a129 in pairs)
    assert vintages == [("SYNTH",)]
    # rankings differ between départements
    assert len({partner for _, partner in top_partner}) > 3
