"""Archives refused with a clear message, strict loads, and a warehouse that never half-changes."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.archive import ArchiveError, inspect_archive
from orchestration.ingest.load import LoadError
from orchestration.ingest.pipeline import ingest_year
from orchestration.ingest.sources import SourceSpec
from tests.helpers import data_line, make_archive


def year_dir(tmp_path: Path, year: int, export_lines, import_lines, **kw) -> Path:
    folder = tmp_path / f"src{year}"
    make_archive(folder / f"202501-Regional-{year}-export.zip", export_lines, **kw)
    make_archive(
        folder / f"202501-Regional-{year}-import.zip", import_lines, data_name="sub/Region_I.txt"
    )
    return folder


def good_lines(year: int, flow: str, n: int = 5) -> list[str]:
    return [data_line(flow=flow, year=year, quarter=q % 4 + 1, country=c, value=100 * (q + 1))
            for q, c in enumerate(["DE", "BE", "IT", "ES", "US"][:n])]  # fmt: skip


def state(warehouse: Path) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "SELECT year, flow, count(*), sum(value_eur) FROM raw.customs_trade "
            "GROUP BY ALL ORDER BY ALL"
        ).fetchall()


@pytest.fixture
def loaded_2023(tmp_path, warehouse) -> list[tuple]:
    folder = year_dir(tmp_path, 2023, good_lines(2023, "E"), good_lines(2023, "I", 4))
    ingest_year(SourceSpec("directory", directory=folder), 2023, warehouse)
    before = state(warehouse)
    assert before == [(2023, "E", 5, 1500), (2023, "I", 4, 1000)]
    return before


def test_load_finds_data_by_content_and_records_the_vintage(loaded_2023, warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        files = con.execute(
            "SELECT DISTINCT vintage, source_file FROM raw.customs_trade ORDER BY 2"
        ).fetchall()
        labels = con.execute("SELECT count(*) FROM raw.labels_cpf4 WHERE year = 2023").fetchone()
    assert files == [
        ("202501", "202501-Regional-2023-export.zip!REGIONAL_CPF4PAYSE.txt"),
        ("202501", "202501-Regional-2023-import.zip!sub/Region_I.txt"),
    ]
    assert labels == (576,)


def test_reloading_a_year_replaces_only_that_year(tmp_path, warehouse, loaded_2023):
    folder = year_dir(tmp_path, 2024, good_lines(2024, "E", 4), good_lines(2024, "I", 4))
    ingest_year(SourceSpec("directory", directory=folder), 2024, warehouse)
    assert state(warehouse) == [*loaded_2023, (2024, "E", 4, 1000), (2024, "I", 4, 1000)]
    ingest_year(SourceSpec("directory", directory=folder), 2024, warehouse)
    assert state(warehouse) == [*loaded_2023, (2024, "E", 4, 1000), (2024, "I", 4, 1000)]


def _unchanged_after(tmp_path, warehouse, before, folder, error, match):
    with pytest.raises(error, match=match):
        ingest_year(SourceSpec("directory", directory=folder), 2023, warehouse)
    assert state(warehouse) == before


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("E;1;2023;92;03;C21Z;2120;DE;12.5;1", r"line 3: value '12.5' is not an integer"),
        ("E;1;2023;92;03;C21Z;2120;DE;12", r"line 3: expected 10 fields, found 9"),
        ("E;1;2023;92;03;C21Z;2120;DE;12;1;9", r"line 3: expected 10 fields, found 11"),
        ("Z;1;2023;92;03;C21Z;2120;DE;12;1", r"line 3: unknown flow 'Z'"),
        ("E;7;2023;92;03;C21Z;2120;DE;12;1", r"line 3: quarter '7' outside 1-4"),
        ("E;1;2022;92;03;C21Z;2120;DE;12;1", r"line 3: year '2022' is not the requested year 2023"),
    ],
)
def test_malformed_line_stops_the_load_and_names_file_line_content(
    tmp_path, warehouse, loaded_2023, bad_line, message
):
    lines = good_lines(2023, "E")
    lines.insert(2, bad_line)
    folder = year_dir(tmp_path, 2023, lines, good_lines(2023, "I"))
    pattern = r"202501-Regional-2023-export\.zip!REGIONAL_CPF4PAYSE\.txt, " + message
    _unchanged_after(tmp_path, warehouse, loaded_2023, folder, LoadError, pattern)
    with pytest.raises(LoadError) as info:
        ingest_year(SourceSpec("directory", directory=folder), 2023, warehouse)
    assert repr(bad_line) in str(info.value)


def test_archive_with_parent_path_member_is_refused(tmp_path, warehouse, loaded_2023):
    folder = year_dir(tmp_path, 2023, good_lines(2023, "E"), good_lines(2023, "I"),
                      extra={"../../evil.txt": b"x"})  # fmt: skip
    _unchanged_after(tmp_path, warehouse, loaded_2023, folder, ArchiveError,
                     r"member '\.\./\.\./evil\.txt' escapes the archive")  # fmt: skip
    assert not (tmp_path / "evil.txt").exists()


def test_archive_with_absolute_member_is_refused(tmp_path):
    path = make_archive(tmp_path / "a.zip", good_lines(2023, "E"), extra={"/etc/cron.d/x": b"x"})
    with pytest.raises(ArchiveError, match="has an absolute path"):
        inspect_archive(path)


def test_archive_with_symlink_member_is_refused(tmp_path, warehouse, loaded_2023):
    folder = year_dir(tmp_path, 2023, good_lines(2023, "E"), good_lines(2023, "I"))
    archive = folder / "202501-Regional-2023-export.zip"
    with zipfile.ZipFile(archive, "a") as zf:
        info = zipfile.ZipInfo("link.txt")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    _unchanged_after(tmp_path, warehouse, loaded_2023, folder, ArchiveError,
                     r"member 'link\.txt' is a symbolic link")  # fmt: skip


def test_archive_over_the_size_cap_is_refused(tmp_path, warehouse, loaded_2023):
    folder = year_dir(tmp_path, 2023, good_lines(2023, "E"), good_lines(2023, "I"),
                      extra={"padding.bin": b"\0" * 200_000})  # fmt: skip
    with pytest.raises(
        ArchiveError, match=r"uncompressed size .* exceeds the cap of 100,000 bytes"
    ):
        ingest_year(SourceSpec("directory", directory=folder), 2023, warehouse,
                    max_uncompressed=100_000)  # fmt: skip
    assert state(warehouse) == loaded_2023


def test_archive_without_data_file_is_refused(tmp_path, warehouse, loaded_2023):
    folder = year_dir(tmp_path, 2023, None, good_lines(2023, "I"),
                      extra={"README.txt": b"nothing here"})  # fmt: skip
    _unchanged_after(tmp_path, warehouse, loaded_2023, folder, ArchiveError,
                     r"202501-Regional-2023-export\.zip: no customs data file found")  # fmt: skip


def test_same_flow_in_two_files_is_refused(tmp_path, warehouse, loaded_2023):
    folder = year_dir(tmp_path, 2023, good_lines(2023, "E"), good_lines(2023, "E"))
    _unchanged_after(tmp_path, warehouse, loaded_2023, folder, LoadError,
                     r"flow E of 2023 is in two files")  # fmt: skip


def test_extracted_data_files_in_a_folder_load_with_bundled_labels(tmp_path, warehouse):
    folder = tmp_path / "extracted"
    folder.mkdir()
    (folder / "export.txt").write_text("\r\n".join(good_lines(2024, "E")) + "\r\n")
    (folder / "import.txt").write_text("\r\n".join(good_lines(2024, "I")) + "\r\n")
    result = ingest_year(SourceSpec("directory", directory=folder), 2024, warehouse)
    assert result.report.rows_by_flow == {"E": 5, "I": 5}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        source = con.execute("SELECT DISTINCT source_file FROM raw.labels_a129").fetchone()
    assert source == ("bundled:Libelle_A129.txt",)


@pytest.mark.parametrize("where", [0.5, 0.98])  # in the deflate stream; near its end (the CRC)
def test_a_damaged_member_is_refused_naming_the_archive_and_listed(tmp_path, warehouse,
                                                                   loaded_2023, where):  # fmt: skip
    """A bad download: one byte of the data member's compressed stream flipped. It ended in
    exit 1 naming a Python class (`BadZipFile`, `zlib.error`) and was not listed as refused."""
    lines = [data_line(flow="E", year=2023, quarter=q % 4 + 1, country=c, value=100 * q + i)
             for i in range(400) for q, c in enumerate(["DE", "BE", "IT", "ES", "US"])]  # fmt: skip
    folder = year_dir(tmp_path, 2023, lines, good_lines(2023, "I"))
    archive = folder / "202501-Regional-2023-export.zip"
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo("REGIONAL_CPF4PAYSE.txt")
    data = bytearray(archive.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    at = start + int(info.compress_size * where)
    data[at] ^= 0xFF
    archive.write_bytes(bytes(data))
    with pytest.raises(ArchiveError, match=r"^202501-Regional-2023-export\.zip!REGIONAL_CPF4PAYSE"
                       r"\.txt: the member is damaged \(.+\); the archive is corrupt: download it "
                       r"again; refused$"):  # fmt: skip
        ingest_year(SourceSpec("directory", directory=folder), 2023, warehouse)
    assert state(warehouse) == loaded_2023
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (reason,) = con.execute("SELECT reason FROM raw.refused_loads").fetchall()[-1]
    assert "the member is damaged" in reason
