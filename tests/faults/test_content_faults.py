"""Fault campaign, content and archives: each bad input fails with a message naming the file, the
line or the value, and the warehouse keeps exactly the good year it had."""

from __future__ import annotations

import zipfile
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.archive import ArchiveError
from orchestration.ingest.load import LoadError, RevisionRefused
from orchestration.ingest.pipeline import YearRejected
from orchestration.ingest.sources import SourceError
from tests.faults.conftest import COUNTRIES, fingerprint, good_lines, ingest, source_folder
from tests.helpers import data_line

EXPORT = r"202501-Regional-2023-export\.zip!REGIONAL_CPF4PAYSE\.txt"


def with_line(line: str, at: int = 2) -> list[str]:
    lines = good_lines(2023, "E")
    lines.insert(at, line)
    return lines


def raw_member(root: Path, body: bytes, **kw) -> Path:
    """A source whose export data member is exactly `body` (bytes, any line ends)."""
    folder = source_folder(root, 2023, extra={"REGIONAL_CPF4PAYSE.txt": body}, **kw)
    return folder


def bad_line(line: str):
    """A source whose export file has `line` as its third line."""
    return lambda root: source_folder(root, 2023, with_line(line))


GOOD = "\r\n".join(good_lines(2023, "E")).encode()

CASES = {
    # encodings
    "latin1_byte": (
        lambda root: raw_member(root, GOOD + b"\r\nE;1;2023;92;03;C21Z;2120;\xc9U;5;1\r\n",
                                export_lines=None, data_name="x.txt"),
        LoadError, EXPORT + r", line 9: bytes that are not UTF-8 text",
    ),
    # line ends: CRLF lines, then LF ones
    "crlf_lf_mix": (
        lambda root: raw_member(root, GOOD + b"\r\n" + GOOD.replace(b"\r\n", b"\n")
                                .replace(b";1;2023;", b";1;2023;", 1) + b"\n", data_name="x.txt"),
        LoadError, EXPORT + r", line 9: .*mixed line endings: line ends with LF where the lines "
        r"before end with CRLF",
    ),
    "missing_field": (bad_line("E;1;2023;92;03;C21Z;2120;DE;12"),
                      LoadError, EXPORT + r", line 3: expected 10 fields, found 9"),
    "extra_field": (bad_line("E;1;2023;92;03;C21Z;2120;DE;1;1;9"),
                    LoadError, EXPORT + r", line 3: expected 10 fields, found 11"),
    "overflow": (
        bad_line(data_line(year=2023, value="99999999999999999999")),
        LoadError, EXPORT + r", line 3: value 99999999999999999999 is beyond the 64-bit",
    ),
    # what the marts could not take: a département the seed does not know, an absurd value
    "unknown_department": (
        bad_line(data_line(year=2023, dep="ZZ")),
        LoadError, EXPORT + r", line 3: unknown département code 'ZZ' \(not among the 10\d codes",
    ),
    "department_with_leading_zero": (
        bad_line(data_line(year=2023, dep="092")),
        LoadError, EXPORT + r", line 3: unknown département code '092'",
    ),
    "implausible_value": (
        bad_line(data_line(year=2023, value=9 * 10**18)),
        LoadError, EXPORT + r", line 3: value 9,000,000,000,000,000,000 EUR is not plausible",
    ),
    "implausible_mass": (
        bad_line(data_line(year=2023, mass=10**12)),
        LoadError, EXPORT + r", line 3: mass 1,000,000,000,000 kg is not plausible",
    ),
    "two_lines_beyond_64_bits_together": (
        lambda root: source_folder(root, 2023, [*with_line(data_line(year=2023, value=2**62)),
                                                data_line(year=2023, country="JP", value=2**62)]),
        LoadError, EXPORT + r", line 3: value 4,611,686,018,427,387,904 EUR is not plausible",
    ),
    "trailing_separator_on_some_lines": (
        lambda root: source_folder(root, 2023, [good_lines(2023, "E")[0] + ";",
                                                *good_lines(2023, "E")[1:]]),
        LoadError, EXPORT + r", line 2: mixed line ends: the line does not end with ';' where",
    ),
    # a new version of the year that loses a département: refused unless asked for
    "revision_drops_a_department": (
        lambda root: source_folder(root, 2023, [ln.replace(";92;", ";75;")
                                                for ln in good_lines(2023, "E")]),
        RevisionRefused, r"^2023: the new data has no line for départements that the promoted "
        r"version \(vintage \w+\) has: exports of 92 \(0\.0 M€\); a revision that drops a "
        r"département is refused, nothing changed; to take it, run again with --accept-revision$",
    ),
    # a new version that doubles France's exports (3,600 € promoted, 7,200 € new): refused
    "revision_moves_france_total": (
        lambda root: source_folder(root, 2023, [
            data_line(year=2023, quarter=i % 4 + 1, country=c, value=200 * (i + 1))
            for i, c in enumerate(COUNTRIES)]),
        RevisionRefused, r"^2023: the new data moves France's total of the promoted version "
        r"\(vintage \w+\): exports from 0\.0 M€ to 0\.0 M€ \(\+100\.0%\); a revision that "
        r"moves a flow by more than 5% is refused, nothing changed; to take it, run again with "
        r"--accept-revision$",
    ),
    "wrong_year": (bad_line(data_line(year=2022)),
                   LoadError, EXPORT + r", line 3: year '2022' is not the requested year 2023"),
    "negative_value": (
        bad_line(data_line(year=2023, country="JP", value=-5)),
        YearRejected, r"2023 rejected, not promoted .*value_not_negative",
    ),
    "duplicate_lines": (
        lambda root: source_folder(root, 2023, good_lines(2023, "E") + good_lines(2023, "E")[:3]),
        YearRejected, r"2023 rejected, not promoted .*no_duplicate_line: .*\(6 rows\)",
    ),
    "missing_flow_archive": (
        lambda root: _only_export(root), SourceError,
        r"no import archive of release 202501 for 2023 .*"
        r"found only 202501-Regional-2023-export\.zip",
    ),
    "missing_flow_extracted": (
        lambda root: _extracted(root, flows=("E",)), LoadError,
        r"2023: the import flow is missing .*a year needs both exports and imports",
    ),
    "missing_quarter": (
        lambda root: source_folder(root, 2023, [line for line in good_lines(2023, "E")
                                                if line.split(";")[1] != "4"]),
        LoadError, r"2023: exports \(" + EXPORT + r"\) have no line for quarter 4",
    ),
    # archives
    "corrupt_archive": (lambda root: _corrupt(root), ArchiveError,
                        r"202501-Regional-2023-export\.zip: not a valid ZIP archive"),
    "empty_archive": (lambda root: _empty(root), ArchiveError,
                      r"202501-Regional-2023-export\.zip: no customs data file found"),
    "two_data_files_one_flow": (
        lambda root: source_folder(root, 2023, extra={"again/E.txt": GOOD + b"\r\n"}),
        LoadError, r"flow E of 2023 is in two files",
    ),
    "nul_run_between_lines": (
        lambda root: raw_member(root, GOOD.replace(b"\r\n", b"\r\n" + b"\0" * 200_000, 1),
                                data_name="x.txt"),
        ArchiveError, EXPORT + r", line 2: NUL byte",
    ),
    "bomb": (
        lambda root: raw_member(root, GOOD + b"\r\n" + b" " * 300_000_000, data_name="x.txt"),
        ArchiveError, r"member 'REGIONAL_CPF4PAYSE\.txt' expands \d[\d,]* times \(cap 100:1\); "
        r"refused as a zip bomb",
    ),
}  # fmt: skip


def _only_export(root: Path) -> Path:
    folder = source_folder(root, 2023)
    (folder / "202501-Regional-2023-import.zip").unlink()
    return folder


def _extracted(root: Path, flows: tuple[str, ...]) -> Path:
    folder = root / "extracted"
    folder.mkdir(parents=True)
    for flow in flows:
        (folder / f"{flow}.txt").write_text("\r\n".join(good_lines(2023, flow)) + "\r\n")
    return folder


def _corrupt(root: Path) -> Path:
    folder = source_folder(root, 2023)
    archive = folder / "202501-Regional-2023-export.zip"
    archive.write_bytes(archive.read_bytes()[:200])
    return folder


def _empty(root: Path) -> Path:
    folder = source_folder(root, 2023)
    with zipfile.ZipFile(folder / "202501-Regional-2023-export.zip", "w"):
        pass
    return folder


@pytest.mark.parametrize("fault", sorted(CASES))
def test_bad_input_is_refused_and_the_good_year_stays(fault, tmp_path, warehouse, good_2023):
    build, error, message = CASES[fault]
    folder = build(tmp_path / "bad")
    with pytest.raises(error, match=message):
        ingest(folder, warehouse)
    assert fingerprint(warehouse) == good_2023
    with duckdb.connect(str(warehouse), read_only=True) as con:
        pending = con.execute("SELECT count(*) FROM raw_pending.customs_trade").fetchone()[0]
        leftovers = list((warehouse.parent / "raw" / "2023").glob(".extracted-*"))
    assert pending == 0 and leftovers == []  # no candidate, no extracted file left behind


def test_lines_ending_with_a_separator_load_as_ten_fields(tmp_path, warehouse, good_2023):
    """Not a fault: every line ends with `;` (an empty eleventh field), as some exports do."""
    folder = source_folder(tmp_path / "ok", 2023, [line + ";" for line in good_lines(2023, "E")],
                           [line + ";" for line in good_lines(2023, "I")])  # fmt: skip
    result = ingest(folder, warehouse)
    assert result.report.rows_by_flow == {"E": 8, "I": 8}
    assert fingerprint(warehouse) == good_2023  # the same figures as without the separators


def test_a_revision_that_drops_a_department_is_taken_when_asked(tmp_path, warehouse, good_2023):
    moved = [ln.replace(";92;", ";75;") for ln in good_lines(2023, "E")]
    result = ingest(source_folder(tmp_path / "rev", 2023, moved), warehouse, accept_revision=True)
    assert result.report.rows_by_flow == {"E": 8, "I": 8}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        departments = con.execute(
            "SELECT flow, list(DISTINCT department_code ORDER BY department_code) "
            "FROM raw.customs_trade WHERE year = 2023 GROUP BY flow ORDER BY flow"
        ).fetchall()
    assert departments == [("E", ["75"]), ("I", ["92"])]


def test_a_revision_within_the_bound_is_taken_and_one_beyond_it_when_asked(
    tmp_path, warehouse, good_2023
):
    """France's exports 3,600 € promoted: 3,780 € (+5 %, the bound) is taken as a revision;
    then 3,970 € (+5.03 % of 3,780 €) is refused, recorded as rejected with its reason, and
    taken with accept_revision."""

    def exports(total: int) -> list[str]:
        lines = good_lines(2023, "E")
        return [*lines[:-1], lines[-1].replace(";800;", f";{800 + total - 3600};")]

    result = ingest(source_folder(tmp_path / "in", 2023, exports(3780)), warehouse)
    assert result.report.value_by_flow == {"E": 3780, "I": 3600}
    with pytest.raises(RevisionRefused, match=r"exports from 0\.0 M€ to 0\.0 M€ \(\+5\.0%\)"):
        ingest(source_folder(tmp_path / "out", 2023, exports(3780 + 190)), warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:  # recorded, with its reason
        refused = con.execute("SELECT DISTINCT checks FROM raw.customs_loads "
                              "WHERE status = 'rejected'").fetchall()  # fmt: skip
    assert [r[0][:45] for r in refused] == ["2023: the new data moves France's total of th"]
    result = ingest(source_folder(tmp_path / "asked", 2023, exports(3780 + 190)), warehouse,
                    accept_revision=True)  # fmt: skip
    assert result.report.value_by_flow == {"E": 3970, "I": 3600}


def test_the_cli_passes_accept_revision_to_the_run(tmp_path):
    from orchestration.cli import build_parser
    from orchestration.resources import run_resources

    args = build_parser().parse_args(["build", "--year", "2023", "--accept-revision"])
    assert args.accept_revision is True
    resources = run_resources(tmp_path / "t.duckdb", source="synthetic", accept_revision=True)
    assert resources["customs_source"].accept_revision is True
    assert (
        run_resources(tmp_path / "t.duckdb", source="synthetic")["customs_source"].accept_revision
        is False
    )


def test_rejected_year_is_recorded_with_its_reason(tmp_path, warehouse, good_2023):
    folder = source_folder(tmp_path / "bad", 2023, good_lines(2023, "E") + good_lines(2023, "E"))
    with pytest.raises(YearRejected):
        ingest(folder, warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        statuses = con.execute(
            "SELECT status, any_value(checks) FROM raw.customs_loads WHERE year = 2023 "
            "GROUP BY load_id, status ORDER BY min(loaded_at)"
        ).fetchall()
    assert [s for s, _ in statuses] == ["promoted", "rejected"]
    assert "no_duplicate_line (ERROR, 16 rows)" in statuses[1][1]


def test_byte_order_mark_and_unknown_codes_are_accepted(tmp_path, warehouse, good_2023):
    """Not faults: a BOM is read as such, an unknown country is a warning, and the year is
    promoted (replacing the previous version of the year)."""
    lines = good_lines(2023, "E")
    lines[0] = "\ufeff" + lines[0]
    lines.append(data_line(year=2023, country="ZZ", value=7))
    folder = source_folder(tmp_path / "ok", 2023, lines)
    result = ingest(folder, warehouse)
    assert result.report.rows_by_flow == {"E": 9, "I": 8}
    warned = {r.rule: r for c in result.checks for r in c.warnings}
    assert sorted(warned) == ["codes_known", "departments_present"]
    # the fixture's lines are all one département's, its annex is the real one (101): the 100
    # others are reported in each flow, and the year is loaded whole
    assert warned["departments_present"].unexpected_count == 2 * 100
    assert fingerprint(warehouse) != good_2023
    with duckdb.connect(str(warehouse), read_only=True) as con:
        checks = con.execute(
            "SELECT any_value(checks) FROM raw.customs_loads WHERE year = 2023 "
            "AND status = 'promoted'"
        ).fetchone()[0]
    assert "departments_present (WARN, 200 rows)" in checks


def test_a_load_refused_before_staging_is_listed_by_status(tmp_path, warehouse, good_2023):
    """A bad line refuses the load before staging: nothing of it reaches raw, but `status`
    lists it, refused, with its vintage, the reason and no figures."""
    from orchestration.status import format_status, year_status

    lines = [*good_lines(2023, "E")[:-1], data_line(year=2023, value="12.5")]
    with pytest.raises(LoadError, match=r"line 8: value '12\.5' is not an integer"):
        ingest(source_folder(tmp_path / "bad", 2023, lines), warehouse)
    assert fingerprint(warehouse) == good_2023
    loads = year_status(warehouse)
    assert [(s.year, s.status) for s in loads] == [(2023, "promoted"), (2023, "refused")]
    refused = loads[-1]
    assert (refused.vintage, refused.rows, refused.export_eur, refused.published) == (
        "202501", None, None, False)  # fmt: skip
    assert "line 8: value '12.5' is not an integer" in refused.checks
    row = format_status(loads).splitlines()[-1]
    assert row.startswith("2023  refused    202501") and " – " in row, row
