"""Shared by the fault campaign: a warehouse holding one good year, and its fingerprint."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.pipeline import ingest_year
from orchestration.ingest.sources import SourceSpec
from tests.conftest import TI_COMMUNES, hand_made_lines
from tests.faults.processes import scaled
from tests.helpers import data_line, make_archive

COUNTRIES = ["DE", "BE", "IT", "ES", "US", "GB", "NL", "CN"]


def good_lines(year: int, flow: str) -> list[str]:
    """Eight lines: both quarters 1-4, distinct countries, values 100..800."""
    return [data_line(flow=flow, year=year, quarter=i % 4 + 1, country=c, value=100 * (i + 1))
            for i, c in enumerate(COUNTRIES)]  # fmt: skip


def source_folder(root: Path, year: int, export_lines=None, import_lines=None, **kw) -> Path:
    """A folder with the year's two archives; lines default to good ones."""
    folder = root / f"src{year}"
    e = good_lines(year, "E") if export_lines is None else export_lines
    i = good_lines(year, "I") if import_lines is None else import_lines
    make_archive(folder / f"202501-Regional-{year}-export.zip", e, **kw)
    make_archive(folder / f"202501-Regional-{year}-import.zip", i, "REGIONAL_CPF4PAYSI.txt")
    return folder


def fingerprint(warehouse: Path) -> tuple:
    """Everything a load may touch: raw rows by year and flow, labels, the promoted loads."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return (
            con.execute("SELECT year, flow, quarter, count(*), sum(value_eur) "
                        "FROM raw.customs_trade GROUP BY ALL ORDER BY ALL").fetchall(),
            con.execute("SELECT year, count(*) FROM raw.labels_cpf4 GROUP BY ALL").fetchall(),
            con.execute("SELECT year, flow, row_count, value_eur FROM raw.customs_loads "
                        "WHERE status = 'promoted' ORDER BY ALL").fetchall(),
        )  # fmt: skip


@pytest.fixture
def good_2023(tmp_path, warehouse) -> tuple:
    ingest_year(SourceSpec("directory", directory=source_folder(tmp_path, 2023)), 2023, warehouse)
    return fingerprint(warehouse)


def ingest(folder: Path, warehouse: Path, year: int = 2023, **kw):
    return ingest_year(SourceSpec("directory", directory=folder), year, warehouse, **kw)


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, Path]:
    """Two versions of the hand-made 2024 (B doubles every value) and a small territory list."""
    root = tmp_path_factory.mktemp("sources")
    out = {}
    for name, factor in (("A", 1), ("B", 2)):
        e, i = hand_made_lines()
        folder = root / name
        make_archive(folder / "202501-Regional-2024-export.zip", scaled(e, factor))
        make_archive(
            folder / "202501-Regional-2024-import.zip", scaled(i, factor), "REGIONAL_CPF4PAYSI.txt"
        )
        out[name] = folder
    (root / "ti.csv").write_text(TI_COMMUNES, encoding="utf-8")
    out["territoires"] = root / "ti.csv"
    return out
