"""The Territoires d'industrie: the bundled list and ANCT's commune list."""

from __future__ import annotations

import pytest

from orchestration.ingest.territoires_industrie import (
    TerritoiresError,
    load_bundled,
    parse_commune_list,
)

COMMUNES = """insee_com,lib_com,id_ti,lib_ti
92004,Asnières-sur-Seine,ti-1101,Boucle Nord de Seine
92025,Colombes,ti-1101,Boucle Nord de Seine
95018,Argenteuil,ti-1101,Boucle Nord de Seine
01283,Oyonnax,ti-8413 ; ti-8402,Plastics Vallée – Oyonnax ; Bassin de Bourg-en-Bresse
01053,Bourg-en-Bresse,ti-8402,Bassin de Bourg-en-Bresse
2A004,Ajaccio,ti-9402,Pays Ajaccien
2B033,Bastia,ti-9401,Grand Bastia – Marana-Golo
2A247,Porto-Vecchio,ti-9499,Corse test
2B050,Corte,ti-9499,Corse test
97105,Basse-Terre,ti-0101,Basse-Terre
97611,Mamoudzou,ti-0601,Mayotte test
"""


def rows_of(result, ti_id):
    return [(r.department_code, r.department_share, r.is_main_department)
            for r in result if r.ti_id == ti_id]  # fmt: skip


def test_commune_list_gives_departments_from_commune_codes():
    result = parse_commune_list(COMMUNES)
    assert rows_of(result, "ti-1101") == [("92", 0.6667, True), ("95", 0.3333, False)]
    # a commune in two territories counts for both
    assert rows_of(result, "ti-8413") == [("01", 1.0, True)]
    assert rows_of(result, "ti-8402") == [("01", 1.0, True)]
    # Corsica: 2A and 2B are the undivided customs code 20
    assert rows_of(result, "ti-9402") == [("20", 1.0, True)]
    assert rows_of(result, "ti-9499") == [("20", 1.0, True)]
    assert {r.source_department_codes for r in result if r.ti_id == "ti-9499"} == {"2A;2B"}
    # overseas: three characters
    assert rows_of(result, "ti-0101") == [("971", 1.0, True)]
    assert rows_of(result, "ti-0601") == [("976", 1.0, True)]
    names = {r.ti_id: r.ti_name for r in result}
    assert names["ti-8413"] == "Plastics Vallée – Oyonnax"


def test_malformed_commune_lines_are_named():
    with pytest.raises(TerritoiresError, match=r"liste-ti-com, line 3: commune code '9201'"):
        parse_commune_list("insee_com,lib_com,id_ti,lib_ti\n92004,A,ti-1101,B\n9201,C,ti-1101,B\n")
    with pytest.raises(TerritoiresError, match=r"line 2: 2 territory ids but 1 names"):
        parse_commune_list("insee_com,lib_com,id_ti,lib_ti\n92004,A,ti-1 ; ti-2,B\n")
    with pytest.raises(TerritoiresError, match=r"line 2: wrong number of fields"):
        parse_commune_list("insee_com,lib_com,id_ti,lib_ti\n92004,A,ti-1101\n")
    with pytest.raises(TerritoiresError, match=r"missing column\(s\) \['id_ti'\]"):
        parse_commune_list("insee_com,lib_com,lib_ti\n92004,A,B\n")


def test_bundled_list_has_183_territories():
    result = load_bundled()
    assert len({r.ti_id for r in result}) == 183
    assert rows_of(result, "ti-1101") == [("92", 0.651, True), ("95", 0.349, False)]
    assert all(r.department_code not in ("2A", "2B") for r in result)
    # every territory has exactly one main département
    mains: dict[str, int] = {}
    for r in result:
        mains[r.ti_id] = mains.get(r.ti_id, 0) + r.is_main_department
    assert set(mains.values()) == {1}
    # Aurillac – Figeac – Rodez: main département Cantal, outside the region of its id (76)
    assert [d for d, _, main in rows_of(result, "ti-7603") if main] == ["15"]


def test_territory_over_two_regions_has_two_rows_and_an_entry_page_linking_both(hand_built):
    import duckdb

    with duckdb.connect(str(hand_built), read_only=True) as con:
        rows = con.execute(
            "SELECT department_code, region_code, department_share, is_main_department "
            "FROM marts.dim_territoires_industrie WHERE ti_id = 'ti-9390' ORDER BY 1"
        ).fetchall()
        corsica = con.execute(
            "SELECT department_code FROM marts.dim_territoires_industrie WHERE ti_id = 'ti-9402'"
        ).fetchall()
    assert rows == [("13", "93", 0.5, True), ("75", "11", 0.5, False)]
    assert corsica == [("20",)]
    page = hand_built.parent / "exports" / "2024" / "territoires" / "ti-9390" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert 'href="../../department/13/fiche.html"' in html
    assert 'href="../../department/75/fiche.html"' in html
    assert "Territoire test interrégional" in html
    assert "ne descendent pas en dessous du département" in html
    assert '<img src="map.svg"' in html  # the locator map, beside the page
    drawn = page.with_name("map.svg").read_text(encoding="utf-8")
    assert drawn.startswith("<svg") and "contour non disponible" in drawn  # a test territory
    boucle = page.parent.parent / "ti-1101" / "map.svg"
    drawn = boucle.read_text(encoding="utf-8")
    assert "Boucle Nord de Seine" in drawn and "Situation en France" in drawn  # with its name
    assert len(drawn) < 250_000
    pdf = page.with_name("territoire-ti-9390-2024.pdf")
    from pypdf import PdfReader

    pages = len(PdfReader(str(pdf)).pages)
    departments = hand_built.parent / "exports" / "2024" / "department"
    fiches = sum(len(PdfReader(str(departments / d / f"fiche-{d}-2024.pdf")).pages)
                 for d in ("13", "75"))  # fmt: skip
    assert pages == 1 + fiches  # its own page, then both départements' fiches


def test_boucle_nord_de_seine_is_listed_on_both_department_fiches(hand_built):
    year = hand_built.parent / "exports" / "2024"
    for dep in ("92", "95"):
        html = (year / "department" / dep / "fiche.html").read_text(encoding="utf-8")
        assert "Territoires d'industrie du département" in html
        assert "<li>Boucle Nord de Seine</li>" in html
        assert "liste des communes du programme" in html
    index = (year / "territoires" / "index.html").read_text(encoding="utf-8")
    assert "Boucle Nord de Seine" in index and 'type="search"' in index
    assert 'href="territoires/index.html"' in (year / "index.html").read_text(encoding="utf-8")
