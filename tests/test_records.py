from pathlib import Path

import pytest

from orchestration.customs.records import first_bad_line, line_problem, looks_like_data_line

FIXTURE = Path(__file__).parent / "fixtures" / "sample_rows_from_official_pdf.txt"


def official_rows() -> tuple[list[str], list[str]]:
    lines = [ln for ln in FIXTURE.read_text().splitlines() if ln and not ln.startswith("#")]
    regional = lines[:4]  # the fixture lists the regional rows first, then the national ones
    national = lines[4:]
    return regional, national


def test_official_example_rows_are_valid_regional_lines():
    regional, _ = official_rows()
    assert len(regional) == 4
    for line in regional:
        assert looks_like_data_line(line)
        assert line_problem(line, 2018) is None
    assert regional[2].split(";") == ["E", "3", "2018", "01", "18", "A01Z", "0111", "BE",
                                      "406473", "1210935"]  # fmt: skip


def test_national_rows_are_not_taken_for_regional_data():
    _, national = official_rows()
    assert len(national) == 4
    assert not any(looks_like_data_line(line) for line in national)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("E;3;2018;01;18;A01Z;0111;BE;406473", "expected 10 fields, found 9"),
        ("E;3;2018;01;18;A01Z;0111;BE;406473;1;2", "expected 10 fields, found 11"),
        ("X;3;2018;01;18;A01Z;0111;BE;406473;1", "unknown flow 'X'"),
        ("E;5;2018;01;18;A01Z;0111;BE;406473;1", "quarter '5' outside 1-4"),
        ("E;3;2019;01;18;A01Z;0111;BE;406473;1", "year '2019' is not the requested year 2018"),
        ("E;3;2018;01;18;A01Z;0111;BE;406.5;1", "value '406.5' is not an integer"),
        ("E;3;2018;01;18;A01Z;0111;BE;;1", "value '' is not an integer"),
        ("E;3;2018;01;18;A01Z;0111;BE;4;1kg", "mass '1kg' is not an integer"),
        ("E;3;2018;;18;A01Z;0111;BE;4;1", "empty department_code"),
    ],
)
def test_line_problem_names_the_fault(line, reason):
    assert reason in line_problem(line, 2018)


def test_codes_keep_leading_zeros_and_letters():
    assert line_problem("E;1;2024;9A;24;C21Z;2120;QU;1;0", 2024) is None
    assert line_problem("I;1;2024;01;18;A01Z;0111;AR;52;", 2024) is None  # empty mass allowed


def test_first_bad_line_reports_number_and_content(tmp_path):
    path = tmp_path / "data.txt"
    path.write_text("E;1;2024;01;18;A01Z;0111;BE;1;1\r\n\r\nE;1;2024;01;18;A01Z;0111;BE;x;1\r\n")
    assert first_bad_line(path, 2024) == (
        3,
        "value 'x' is not an integer number of euros",
        "E;1;2024;01;18;A01Z;0111;BE;x;1",
    )
