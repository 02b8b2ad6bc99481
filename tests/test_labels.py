from pathlib import Path

import pytest

from orchestration.customs.labels import (
    LabelFileError,
    decode_label_bytes,
    label_kind,
    parse_code_labels,
    parse_departments,
    valid_for_year,
)

REFERENCE = Path(__file__).resolve().parent.parent / "orchestration" / "reference" / "customs"


def test_cpf4_file_is_windows_1252_and_fully_parsed():
    raw = (REFERENCE / "Libelle_CPF4_rev2.1.txt").read_bytes()
    _, encoding = decode_label_bytes(raw)
    assert encoding == "cp1252"
    labels = parse_code_labels(raw, "Libelle_CPF4_rev2.1.txt")
    assert len(labels) == 576
    by_code = {lab.code: lab for lab in labels}
    assert by_code["0111"].label == "Céréales (à l'exclusion du riz), légumineuses et oléagineux"
    # a quoted label that contains ';'
    assert (
        by_code["0300"].label
        == "Produits de la pêche et de l'aquaculture ; services de soutien à la pêche"
    )
    assert by_code["0111"].valid_from == 201501 and by_code["0111"].valid_to == 999912


def test_a129_file_has_a_bom_that_does_not_leak_into_the_first_code():
    raw = (REFERENCE / "Libelle_A129.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    labels = parse_code_labels(raw)
    assert len(labels) == 76  # data-source.md says 75; the file holds 76 distinct codes
    assert labels[0].code == "A01Z"
    assert labels[0].label == "Produits de la culture et de l’élevage"
    quoted = {lab.code: lab.label for lab in labels}["C26E"]
    # the official label has a no-break space before ';' (French typography), kept as is
    assert quoted == "Appareils de mesure, d'essai et de navigation\u00a0; articles d'horlogerie"


def test_departments_file():
    deps = parse_departments((REFERENCE / "Departement_region.txt").read_bytes())
    assert len(deps) == 101
    codes = {d.department_code: d for d in deps}
    assert codes["92"].dgddi_region_code == "03"
    assert codes["9A"].department_name == "Guadeloupe"
    assert codes["99"].dgddi_region_code == "21"
    assert codes["20"].department_name == "Corse"


def test_country_label_valid_for_the_year():
    labels = parse_code_labels((REFERENCE / "Libelle_PAYS.txt").read_bytes())
    y2024 = valid_for_year(labels, 2024)
    assert y2024["QU"] == "Pays et territoires non déterminés"
    assert y2024["XK"] == "Kosovo"
    assert y2024["XS"] == "Serbie"
    y1995 = valid_for_year(labels, 1995)
    assert y1995["QU"] == "Pays NDA"
    assert "XK" not in y1995
    assert y1995["XS"] == "Saba"


def test_label_kind_by_name():
    assert label_kind("sub/Libelle_CPF4_rev2.1_2.txt") == "cpf4"
    assert label_kind("Libelle_CPF4.txt") == "cpf4"
    assert label_kind("LIBELLE_PAYS.txt") == "country"
    assert label_kind("Departement_region.txt") == "departments"
    assert label_kind("REGIONAL_CPF4PAYSE.txt") is None


def test_malformed_label_line_names_file_and_line():
    with pytest.raises(LabelFileError, match=r"bad\.txt, line 2: validity date 'x' is not YYYYMM"):
        parse_code_labels(b"AA;A;201501;999912\r\nBB;B;x;999912\r\n", "bad.txt")
