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
        ("E;3;2018;01;18;A01Z;0111;BE;406473;1;;", "expected 10 fields, found 12"),
        ("E;3;2018;01;18;A01Z;0111;BE;999999999999;1", None),  # just below the bound
        (
            "E;3;2018;01;18;A01Z;0111;BE;1000000000000;1",
            "value 1,000,000,000,000 EUR is not "
            "plausible for one line (the bound is 1,000,000,000,000 EUR",
        ),
        ("E;3;2018;01;18;A01Z;0111;BE;-1000000000000;1", "value -1,000,000,000,000 EUR is not"),
        ("E;3;2018;01;18;A01Z;0111;BE;4;1000000000000", "mass 1,000,000,000,000 kg is not"),
    ],
)
def test_line_problem_names_the_fault(line, reason):
    problem = line_problem(line, 2018)
    assert problem is None if reason is None else reason in problem


def test_a_trailing_separator_is_an_empty_eleventh_field_and_accepted():
    line = "E;3;2018;01;18;A01Z;0111;BE;406473;1210935;"
    assert looks_like_data_line(line + "\r\n")
    assert line_problem(line, 2018) is None


def test_departments_outside_the_known_codes_are_named():
    known = frozenset({"01", "2A", "9A"})
    assert line_problem("E;3;2018;2A;94;A01Z;0111;BE;4;1", 2018, known) is None
    assert line_problem("E;3;2018;001;18;A01Z;0111;BE;4;1", 2018, known) == (
        "unknown département code '001' (not among the 3 codes of "
        "dbt_project/seeds/ref_departments.csv)"
    )
    assert line_problem("E;3;2018;001;18;A01Z;0111;BE;4;1", 2018) is None  # no list, no check


def test_codes_keep_leading_zeros_and_letters():
    assert line_problem("E;1;2024;9A;24;C21Z;2120;QU;1;0", 2024) is None
    assert line_problem("I;1;2024;01;18;A01Z;0111;AR;52;", 2024) is None  # empty mass allowed


def test_first_bad_line_names_a_line_whose_end_differs_from_the_first(tmp_path):
    path = tmp_path / "data.txt"
    path.write_text("E;1;2024;01;18;A01Z;0111;BE;1;1;\nE;1;2024;01;18;A01Z;0111;DE;1;1\n")
    number, reason, _ = first_bad_line(path, 2024)
    assert (number, reason) == (
        2,
        "mixed line ends: the line does not end with ';' where the lines before do",
    )


def test_first_bad_line_reports_number_and_content(tmp_path):
    path = tmp_path / "data.txt"
    path.write_text("E;1;2024;01;18;A01Z;0111;BE;1;1\r\n\r\nE;1;2024;01;18;A01Z;0111;BE;x;1\r\n")
    assert first_bad_line(path, 2024) == (
        3,
        "value 'x' is not an integer number of euros",
        "E;1;2024;01;18;A01Z;0111;BE;x;1",
    )
