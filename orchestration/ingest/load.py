"""Load one year of customs data into the `raw` schema of the DuckDB warehouse.

The data files are read by DuckDB's own CSV reader, every column as text, into temporary tables;
they are checked strictly (field count, flow, quarter, year, integer value and mass) before the
warehouse is touched. Then one transaction replaces that year, and only that year, in
`raw.customs_trade`, the label tables and the load log. Any error leaves the warehouse exactly as
it was, and names the file, the line number and the line.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from orchestration.ingest.labels import Department, Label
from orchestration.ingest.records import FIELDS, first_bad_line


class LoadError(ValueError):
    """Data that does not load; the message names the file, the line number and its content."""


@dataclass(frozen=True)
class DataFile:
    path: Path  # the extracted data file on disk
    source_name: str  # what a user recognises: "archive.zip!member.txt" or the file name
    vintage: str
    sha256: str = ""
    url: str = ""


@dataclass
class LabelSet:
    cpf4: list[Label]
    a129: list[Label]
    country: list[Label]
    departments: list[Department]
    sources: dict[str, str] = field(default_factory=dict)  # kind -> where it came from


@dataclass(frozen=True)
class LoadReport:
    year: int
    rows: int
    rows_by_flow: dict[str, int]
    value_by_flow: dict[str, int]
    vintage: str
    seconds: float
    files: list[str]


RAW_DDL = """
CREATE SCHEMA IF NOT EXISTS raw;
CREATE TABLE IF NOT EXISTS raw.customs_trade (
    year INTEGER NOT NULL,
    quarter INTEGER NOT NULL,
    flow VARCHAR NOT NULL,
    department_code VARCHAR NOT NULL,
    dgddi_region_code VARCHAR NOT NULL,
    a129_code VARCHAR NOT NULL,
    cpf4_code VARCHAR NOT NULL,
    country_code VARCHAR NOT NULL,
    value_eur BIGINT NOT NULL,
    mass_kg BIGINT,
    vintage VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS raw.labels_cpf4 (
    year INTEGER NOT NULL, cpf4_code VARCHAR NOT NULL, label VARCHAR NOT NULL,
    valid_from INTEGER NOT NULL, valid_to INTEGER NOT NULL, source_file VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS raw.labels_a129 (
    year INTEGER NOT NULL, a129_code VARCHAR NOT NULL, label VARCHAR NOT NULL,
    valid_from INTEGER NOT NULL, valid_to INTEGER NOT NULL, source_file VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS raw.labels_country (
    year INTEGER NOT NULL, country_code VARCHAR NOT NULL, label VARCHAR NOT NULL,
    valid_from INTEGER NOT NULL, valid_to INTEGER NOT NULL, source_file VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS raw.departments (
    year INTEGER NOT NULL, department_code VARCHAR NOT NULL, department_name VARCHAR NOT NULL,
    dgddi_region_code VARCHAR NOT NULL, dgddi_region_name VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS raw.customs_loads (
    year INTEGER NOT NULL, flow VARCHAR NOT NULL, vintage VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL, source_url VARCHAR, sha256 VARCHAR,
    row_count BIGINT NOT NULL, value_eur BIGINT NOT NULL, loaded_at TIMESTAMP NOT NULL
);
"""

_CSV_COLUMNS = "{" + ", ".join(f"'{name}': 'VARCHAR'" for name in FIELDS) + "}"

_BAD_ROW = """
    flow NOT IN ('E', 'I')
    OR quarter NOT IN ('1', '2', '3', '4')
    OR year IS DISTINCT FROM '{year}'
    OR coalesce(department_code, '') = '' OR coalesce(dgddi_region_code, '') = ''
    OR coalesce(a129_code, '') = '' OR coalesce(cpf4_code, '') = ''
    OR coalesce(country_code, '') = ''
    OR NOT regexp_full_match(coalesce(value_eur, ''), '-?[0-9]+')
    OR (mass_kg IS NOT NULL AND NOT regexp_full_match(mass_kg, '-?[0-9]+'))
"""


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(RAW_DDL)


def _stage_file(con: duckdb.DuckDBPyConnection, index: int, data: DataFile, year: int) -> str:
    """Read one data file into a temp table; raise LoadError naming the first bad line."""
    table = f"stage_trade_{index}"
    path = str(data.path).replace("'", "''")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {table} AS
        SELECT * FROM read_csv('{path}', delim=';', header=false, quote='', escape='',
                               columns={_CSV_COLUMNS}, auto_detect=false, all_varchar=true,
                               null_padding=false, store_rejects=true,
                               rejects_table='stage_rejects_{index}',
                               rejects_scan='stage_scans_{index}')
        """
    )
    rejects = con.execute(
        f"SELECT line, error_message, csv_line FROM stage_rejects_{index} ORDER BY line LIMIT 1"
    ).fetchone()
    bad = con.execute(f"SELECT count(*) FROM {table} WHERE {_BAD_ROW.format(year=year)}").fetchone()
    if rejects is None and bad is not None and bad[0] == 0:
        return table
    # The error path: find the exact first bad line with the same rules, in Python.
    found = first_bad_line(data.path, year)
    if found is not None:
        number, reason, content = found
        raise LoadError(f"{data.source_name}, line {number}: {reason}: {content!r}")
    if rejects is not None:
        raise LoadError(f"{data.source_name}, line {rejects[0]}: {rejects[1]}: {rejects[2]!r}")
    raise LoadError(f"{data.source_name}: {bad[0] if bad else '?'} invalid rows")


def _labels_frame(labels: list[Label], code_col: str, year: int, source: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": pd.Series([year] * len(labels), dtype="int32"),
            code_col: [lab.code for lab in labels],
            "label": [lab.label for lab in labels],
            "valid_from": pd.Series([lab.valid_from for lab in labels], dtype="int32"),
            "valid_to": pd.Series([lab.valid_to for lab in labels], dtype="int32"),
            "source_file": [source] * len(labels),
        }
    )


def _departments_frame(rows: list[Department], year: int, source: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": pd.Series([year] * len(rows), dtype="int32"),
            "department_code": [r.department_code for r in rows],
            "department_name": [r.department_name for r in rows],
            "dgddi_region_code": [r.dgddi_region_code for r in rows],
            "dgddi_region_name": [r.dgddi_region_name for r in rows],
            "source_file": [source] * len(rows),
        }
    )


def load_year(
    warehouse: Path, year: int, data_files: list[DataFile], labels: LabelSet
) -> LoadReport:
    """Replace `year` in the raw schema with the given data files and labels, atomically."""
    if not data_files:
        raise LoadError(f"no data file to load for {year}")
    started = time.perf_counter()
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse)) as con:
        ensure_raw_schema(con)
        stages = [_stage_file(con, i, data, year) for i, data in enumerate(data_files)]
        flows_by_file = []
        for table, data in zip(stages, data_files, strict=True):
            flows = {r[0] for r in con.execute(f"SELECT DISTINCT flow FROM {table}").fetchall()}
            flows_by_file.append((data, flows))
        seen: dict[str, str] = {}
        for data, flows in flows_by_file:
            for flow in flows:
                if flow in seen:
                    raise LoadError(
                        f"flow {flow} of {year} is in two files: {seen[flow]} and "
                        f"{data.source_name}; loading both would count it twice"
                    )
                seen[flow] = data.source_name
        frames = {
            "labels_cpf4": _labels_frame(
                labels.cpf4, "cpf4_code", year, labels.sources.get("cpf4", "")
            ),
            "labels_a129": _labels_frame(
                labels.a129, "a129_code", year, labels.sources.get("a129", "")
            ),
            "labels_country": _labels_frame(
                labels.country, "country_code", year, labels.sources.get("country", "")
            ),
            "departments": _departments_frame(
                labels.departments, year, labels.sources.get("departments", "")
            ),
        }
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("DELETE FROM raw.customs_trade WHERE year = ?", [year])
            for table, data in zip(stages, data_files, strict=True):
                con.execute(
                    f"""
                    INSERT INTO raw.customs_trade
                    SELECT CAST(year AS INTEGER), CAST(quarter AS INTEGER), flow,
                           department_code, dgddi_region_code, a129_code, cpf4_code,
                           country_code, CAST(value_eur AS BIGINT), CAST(mass_kg AS BIGINT),
                           ?, ?
                    FROM {table}
                    """,
                    [data.vintage, data.source_name],
                )
            for name, frame in frames.items():
                con.execute(f"DELETE FROM raw.{name} WHERE year = ?", [year])
                con.register("frame_in", frame)
                con.execute(f"INSERT INTO raw.{name} BY NAME SELECT * FROM frame_in")
                con.unregister("frame_in")
            con.execute("DELETE FROM raw.customs_loads WHERE year = ?", [year])
            for table, data in zip(stages, data_files, strict=True):
                con.execute(
                    f"""
                    INSERT INTO raw.customs_loads
                    SELECT ?, flow, ?, ?, ?, ?, count(*), sum(CAST(value_eur AS BIGINT)),
                           current_timestamp::TIMESTAMP
                    FROM {table} GROUP BY flow
                    """,
                    [year, data.vintage, data.source_name, data.url or None, data.sha256 or None],
                )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        by_flow = con.execute(
            "SELECT flow, count(*), sum(value_eur) FROM raw.customs_trade WHERE year = ? "
            "GROUP BY flow ORDER BY flow",
            [year],
        ).fetchall()
    return LoadReport(
        year=year,
        rows=sum(r[1] for r in by_flow),
        rows_by_flow={r[0]: int(r[1]) for r in by_flow},
        value_by_flow={r[0]: int(r[2]) for r in by_flow},
        vintage=",".join(sorted({d.vintage for d in data_files})),
        seconds=time.perf_counter() - started,
        files=[d.source_name for d in data_files],
    )
