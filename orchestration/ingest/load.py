"""Load one year of customs data into the DuckDB warehouse: staged, checked, then promoted.

A year is never written straight into `raw`. The data files are read by DuckDB's own CSV reader,
every column as text, into temporary tables, and checked strictly (field count, flow, quarter,
year, integer value and mass below a plausibility bound, a département code the marts know, both
flows and all four quarters of each): what the marts could not take never reaches `raw`.
Then one transaction puts the year in `raw_pending` (the candidate) and records the load as
`pending` in `raw.customs_loads`. The blocking checks run on the candidate; `promote_year` then
replaces that year, and only that year, in `raw` in one transaction, or `reject_year` drops the
candidate and records why: the previous good version of the year stays in `raw`, and only
promoted years ever reach the marts. Any error names the file, the line number and the line.
"""

from __future__ import annotations

import csv
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from orchestration.customs.labels import Department, Label
from orchestration.customs.records import FIELDS, PLAUSIBLE_BOUND, first_bad_line, split_line
from orchestration.settings import REPO_ROOT
from orchestration.warehouse import connect, transaction

# The département codes the marts can place: dbt's `ref_departments` seed, which the staging
# model's relationships test checks. A line with another code is refused at load.
DEPARTMENTS_SEED = REPO_ROOT / "dbt_project" / "seeds" / "ref_departments.csv"
# How far a new version of a year may move France's total of a flow before it is refused without
# --accept-revision. The customs revise a year for about three years after its first release; the
# published revisions found are far smaller (France's 2023 balance -99.6 bn€ first, -98.4 bn€
# revised: 1.2 bn€ on ~600 bn€ of exports; Grand Est's 2022 exports 73.2 then 73.5 bn€, +0.4 %;
# docs/reliability.md, « Why 5 % »). 5 % is ten times the largest of them, and is still
# crossed by a wrong file (another scope, a truncated year, values in the wrong unit).
REVISION_SHARE = 0.05


def known_departments(seed: Path = DEPARTMENTS_SEED) -> frozenset[str]:
    """The customs département codes of the seed (`01`..`95`, `2A`, `9A`..`9E`, `99`...)."""
    with seed.open(encoding="utf-8", newline="") as handle:
        return frozenset(row["customs_department_code"] for row in csv.DictReader(handle))


class LoadError(ValueError):
    """Data that does not load; the message names the file, the line number and its content."""


class RevisionRefused(LoadError):
    """A new version of a promoted year that loses a département: taken only when asked."""


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
    load_id: str
    year: int
    rows: int
    rows_by_flow: dict[str, int]
    value_by_flow: dict[str, int]
    vintage: str
    seconds: float
    files: list[str]
    label_rows: dict[str, int] = field(default_factory=dict)  # raw table -> rows
    label_sources: dict[str, str] = field(default_factory=dict)  # raw table -> file


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
ALTER TABLE raw.customs_loads ADD COLUMN IF NOT EXISTS load_id VARCHAR;
ALTER TABLE raw.customs_loads ADD COLUMN IF NOT EXISTS status VARCHAR;
ALTER TABLE raw.customs_loads ADD COLUMN IF NOT EXISTS checks VARCHAR;
ALTER TABLE raw.customs_loads ADD COLUMN IF NOT EXISTS decided_at TIMESTAMP;
UPDATE raw.customs_loads SET status = 'promoted', load_id = 'before-' || year
    WHERE status IS NULL;
CREATE TABLE IF NOT EXISTS raw.refused_loads (
    year INTEGER NOT NULL, vintage VARCHAR NOT NULL, source_files VARCHAR NOT NULL,
    reason VARCHAR NOT NULL, refused_at TIMESTAMP NOT NULL
);
CREATE SCHEMA IF NOT EXISTS raw_pending;
"""
# The tables a load replaces, year by year; each has its twin in `raw_pending`.
YEAR_TABLES = ("customs_trade", "labels_cpf4", "labels_a129", "labels_country", "departments")
# Statuses of a load in `raw.customs_loads`.
PENDING, PROMOTED, REJECTED, SUPERSEDED = "pending", "promoted", "rejected", "superseded"

_BAD_ROW = """
    flow NOT IN ('E', 'I')
    OR quarter NOT IN ('1', '2', '3', '4')
    OR year IS DISTINCT FROM $year
    OR coalesce(department_code, '') = '' OR coalesce(dgddi_region_code, '') = ''
    OR coalesce(a129_code, '') = '' OR coalesce(cpf4_code, '') = ''
    OR coalesce(country_code, '') = ''
    OR NOT regexp_full_match(coalesce(value_eur, ''), '-?[0-9]+')
    OR try_cast(value_eur AS BIGINT) IS NULL
    OR (mass_kg IS NOT NULL AND NOT regexp_full_match(mass_kg, '-?[0-9]+'))
    OR (mass_kg IS NOT NULL AND try_cast(mass_kg AS BIGINT) IS NULL)
    OR abs(try_cast(value_eur AS HUGEINT)) >= $bound
    OR abs(try_cast(mass_kg AS HUGEINT)) >= $bound
    OR NOT list_contains($departments, department_code)
    OR coalesce(extra_field, '') <> ''
"""


def _trailing_separator(path: Path) -> bool:
    """Whether the file's first data line ends with a `;` (an empty eleventh field)."""
    with path.open("r", encoding="utf-8", errors="replace", newline="") as handle:
        for number, line in enumerate(handle):
            line = line.removeprefix("\ufeff") if number == 0 else line
            if line.strip():  # ten fields once split_line has dropped a final empty one
                return line.rstrip("\r\n").endswith(";") and len(split_line(line)) == len(FIELDS)
    return False


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(RAW_DDL)
    for table in YEAR_TABLES:
        con.execute(
            f"CREATE TABLE IF NOT EXISTS raw_pending.{table} AS FROM raw.{table} WITH NO DATA"
        )


def record_refused(warehouse: Path, year: int, vintage: str, files: list[str],
                   reason: str) -> None:  # fmt: skip
    """Log a load refused before staging (a bad archive or line, a revision that drops a
    département) in `raw.refused_loads`, so that `status` lists it: nothing else is written."""
    with connect(warehouse) as con:
        ensure_raw_schema(con)
        con.execute(
            "INSERT INTO raw.refused_loads VALUES (?, ?, ?, ?, current_timestamp::TIMESTAMP)",
            [year, vintage or "unknown", ", ".join(files), reason],
        )


def _stage_file(con: duckdb.DuckDBPyConnection, index: int, data: DataFile, year: int,
                departments: frozenset[str]) -> str:  # fmt: skip
    """Read one data file into a temp table; raise LoadError naming the first bad line.

    Lines that all end with a `;` (an empty eleventh field) are read as the ten fields they hold.
    """
    table = f"stage_trade_{index}"
    columns = dict.fromkeys(FIELDS, "VARCHAR")
    trailing = _trailing_separator(data.path)
    if trailing:
        columns["extra_field"] = "VARCHAR"
    try:
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE {table} AS
            SELECT * {"" if trailing else ", NULL::VARCHAR AS extra_field"}
            FROM read_csv(?, delim=';', header=false, quote='', escape='',
                                   columns=?, auto_detect=false, all_varchar=true,
                                   null_padding=false, store_rejects=true,
                                   rejects_table='stage_rejects_{index}',
                                   rejects_scan='stage_scans_{index}')
            """,
            [str(data.path), columns],
        )
    except duckdb.Error as exc:
        _raise_first_bad_line(data, year, str(exc).splitlines()[0], departments)
    rejects = con.execute(
        f"SELECT line, error_message, csv_line FROM stage_rejects_{index} ORDER BY line LIMIT 1"
    ).fetchone()
    bad = con.execute(
        f"SELECT count(*) FROM {table} WHERE {_BAD_ROW}",
        {"year": str(year), "bound": PLAUSIBLE_BOUND, "departments": sorted(departments)},
    ).fetchone()
    if rejects is None and bad is not None and bad[0] == 0:
        return table
    if rejects is not None:
        _raise_first_bad_line(
            data, year, f"line {rejects[0]}: {rejects[1]}: {rejects[2]!r}", departments
        )
    _raise_first_bad_line(data, year, f"{bad[0] if bad else '?'} invalid rows", departments)
    raise AssertionError("not reached")


def _raise_first_bad_line(
    data: DataFile, year: int, fallback: str, departments: frozenset[str]
) -> None:
    """The error path: find the exact first bad line with the same rules, in Python."""
    found = first_bad_line(data.path, year, departments=departments)
    if found is not None:
        number, reason, content = found
        raise LoadError(f"{data.source_name}, line {number:,}: {reason}: {content[:200]!r}")
    raise LoadError(f"{data.source_name}: {fallback}")


def _check_complete(con: duckdb.DuckDBPyConnection, stages: list[str],
                    data_files: list[DataFile], year: int) -> None:  # fmt: skip
    """Each flow comes from one file, and a year has both flows with all four quarters each."""
    seen: dict[str, str] = {}
    quarters: dict[str, set[int]] = {}
    for table, data in zip(stages, data_files, strict=True):
        rows = con.execute(f"SELECT DISTINCT flow, quarter FROM {table}").fetchall()
        for flow in sorted({r[0] for r in rows}):
            if flow in seen:
                raise LoadError(
                    f"flow {flow} of {year} is in two files: {seen[flow]} and "
                    f"{data.source_name}; loading both would count it twice"
                )
            seen[flow] = data.source_name
        for flow, quarter in rows:
            quarters.setdefault(flow, set()).add(int(quarter))
    files = ", ".join(d.source_name for d in data_files)
    for flow, name in (("E", "export"), ("I", "import")):
        if flow not in quarters:
            raise LoadError(
                f"{year}: the {name} flow is missing (files read: {files}); a year needs both "
                "exports and imports"
            )
        missing = sorted({1, 2, 3, 4} - quarters[flow])
        if missing:
            raise LoadError(
                f"{year}: {name}s ({seen[flow]}) have no line for quarter "
                f"{', '.join(map(str, missing))}; a year needs all four quarters of each flow"
            )


def _check_revision(con: duckdb.DuckDBPyConnection, stages: list[str], year: int) -> None:
    """Refuse a new version of `year` in which a département of the promoted version has no
    line for a flow: its figures would vanish from the marts, and France's total fall, without
    anyone having asked for it (`--accept-revision` takes such a version). A version that moves
    France's total too far is refused later, once checked (`revision_beyond_bound`)."""
    staged = " UNION ALL ".join(f"SELECT flow, department_code FROM {t}" for t in stages)
    lost = con.execute(
        f"""
        SELECT flow, list(department_code ORDER BY department_code), sum(value_eur)
        FROM (
            SELECT flow, department_code, sum(value_eur) AS value_eur
            FROM raw.customs_trade WHERE year = ? GROUP BY ALL
        ) AS promoted
        WHERE NOT EXISTS (
            SELECT 1 FROM ({staged}) AS s
            WHERE s.flow = promoted.flow AND s.department_code = promoted.department_code
        )
        GROUP BY flow ORDER BY flow
        """,
        [year],
    ).fetchall()
    flows = {"E": "exports", "I": "imports"}
    if lost:
        said = "; ".join(
            f"{flows.get(flow, flow)} of {', '.join(codes)} ({value / 1e6:,.1f} M€)"
            for flow, codes, value in lost
        )
        raise RevisionRefused(
            f"{year}: the new data has no line for départements that the promoted version "
            f"(vintage {_promoted_vintage(con, year)}) has: {said}; a revision that drops a "
            "département is refused, nothing changed; to take it, run again with "
            "--accept-revision"
        )


def revision_beyond_bound(warehouse: Path, year: int) -> str | None:
    """Why the candidate in `raw_pending` moves France's total of a flow by more than
    `REVISION_SHARE` from the promoted version of `year`, or None. Run once the candidate has
    passed its checks, so that a file with, say, duplicated lines is named for that first."""
    flows = {"E": "exports", "I": "imports"}
    with connect(warehouse) as con:
        moved = con.execute(
            """
            SELECT p.flow, p.value_eur, s.value_eur
            FROM (SELECT flow, sum(value_eur) AS value_eur FROM raw.customs_trade
                  WHERE year = ? GROUP BY flow) AS p
            JOIN (SELECT flow, sum(value_eur) AS value_eur FROM raw_pending.customs_trade
                  WHERE year = ? GROUP BY flow) AS s USING (flow)
            WHERE p.value_eur > 0 AND abs(s.value_eur - p.value_eur) > ? * p.value_eur
            ORDER BY p.flow
            """,
            [year, year, REVISION_SHARE],
        ).fetchall()
        if not moved:
            return None
        vintage = _promoted_vintage(con, year)
    said = "; ".join(
        f"{flows.get(flow, flow)} from {before / 1e6:,.1f} M€ to {after / 1e6:,.1f} M€ "
        f"({(after - before) / before:+.1%})"
        for flow, before, after in moved
    )
    return (
        f"{year}: the new data moves France's total of the promoted version (vintage "
        f"{vintage}): {said}; a revision that moves a flow by more than {REVISION_SHARE:.0%} "
        "is refused, nothing changed; to take it, run again with --accept-revision"
    )


def _promoted_vintage(con: duckdb.DuckDBPyConnection, year: int) -> str:
    return con.execute(
        "SELECT string_agg(DISTINCT vintage, ',') FROM raw.customs_loads "
        "WHERE year = ? AND status = ?",
        [year, PROMOTED],
    ).fetchone()[0]


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


def stage_year(
    warehouse: Path,
    year: int,
    data_files: list[DataFile],
    labels: LabelSet,
    accept_revision: bool = False,
) -> LoadReport:
    """Put `year` in `raw_pending` (the candidate) and log the load as pending, atomically.

    `raw` is not touched: `promote_year` or `reject_year` decides once the checks have run. A new
    version that loses a département of the promoted one is refused unless `accept_revision`.
    """
    if not data_files:
        raise LoadError(f"no data file to load for {year}")
    started = time.perf_counter()
    load_id = f"{year}-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    with connect(warehouse) as con:
        ensure_raw_schema(con)
        departments = known_departments()
        stages = [_stage_file(con, i, data, year, departments) for i, data in enumerate(data_files)]
        _check_complete(con, stages, data_files, year)
        if not accept_revision:
            _check_revision(con, stages, year)
        frames = _label_frames(labels, year)
        with transaction(con):
            for table in YEAR_TABLES:
                con.execute(f"DELETE FROM raw_pending.{table}")
            for table, data in zip(stages, data_files, strict=True):
                con.execute(
                    f"""
                    INSERT INTO raw_pending.customs_trade
                    SELECT CAST(year AS INTEGER), CAST(quarter AS INTEGER), flow,
                           department_code, dgddi_region_code, a129_code, cpf4_code,
                           country_code, CAST(value_eur AS BIGINT), CAST(mass_kg AS BIGINT),
                           ?, ?
                    FROM {table}
                    """,
                    [data.vintage, data.source_name],
                )
            for name, frame in frames.items():
                con.register("frame_in", frame)
                con.execute(f"INSERT INTO raw_pending.{name} BY NAME SELECT * FROM frame_in")
                con.unregister("frame_in")
            con.execute(
                "UPDATE raw.customs_loads SET status = ?, checks = 'interrupted before its "
                "checks ended', decided_at = current_timestamp::TIMESTAMP "
                "WHERE year = ? AND status = ?",
                [REJECTED, year, PENDING],
            )
            for table, data in zip(stages, data_files, strict=True):
                con.execute(
                    f"""
                    INSERT INTO raw.customs_loads BY NAME
                    SELECT ? AS year, flow, ? AS vintage, ? AS source_file, ? AS source_url,
                           ? AS sha256, count(*) AS row_count,
                           sum(CAST(value_eur AS BIGINT)) AS value_eur,
                           current_timestamp::TIMESTAMP AS loaded_at, ? AS load_id,
                           ? AS status
                    FROM {table} GROUP BY flow
                    """,
                    [
                        year,
                        data.vintage,
                        data.source_name,
                        data.url or None,
                        data.sha256 or None,
                        load_id,
                        PENDING,
                    ],
                )
        by_flow = con.execute(
            "SELECT flow, count(*), sum(value_eur) FROM raw_pending.customs_trade "
            "GROUP BY flow ORDER BY flow"
        ).fetchall()
    return LoadReport(
        load_id=load_id,
        year=year,
        rows=sum(r[1] for r in by_flow),
        rows_by_flow={r[0]: int(r[1]) for r in by_flow},
        value_by_flow={r[0]: int(r[2]) for r in by_flow},
        vintage=",".join(sorted({d.vintage for d in data_files})),
        seconds=time.perf_counter() - started,
        files=[d.source_name for d in data_files],
        label_rows={name: len(frame) for name, frame in frames.items()},
        label_sources={
            name: str(frame["source_file"].iloc[0]) if len(frame) else ""
            for name, frame in frames.items()
        },
    )


def _label_frames(labels: LabelSet, year: int) -> dict[str, pd.DataFrame]:
    src = labels.sources
    return {
        "labels_cpf4": _labels_frame(labels.cpf4, "cpf4_code", year, src.get("cpf4", "")),
        "labels_a129": _labels_frame(labels.a129, "a129_code", year, src.get("a129", "")),
        "labels_country": _labels_frame(
            labels.country, "country_code", year, src.get("country", "")
        ),
        "departments": _departments_frame(labels.departments, year, src.get("departments", "")),
    }


def _pending_load(con: duckdb.DuckDBPyConnection, year: int, load_id: str) -> None:
    found = con.execute(
        "SELECT count(*) FROM raw.customs_loads WHERE year = ? AND load_id = ? AND status = ?",
        [year, load_id, PENDING],
    ).fetchone()
    if not found or not found[0]:
        raise LoadError(f"{year}: load {load_id} is not pending (already decided, or replaced)")


def promote_year(warehouse: Path, year: int, load_id: str, checks: str = "passed") -> None:
    """Replace `year` in `raw` with the pending candidate, in one transaction."""
    with connect(warehouse) as con, transaction(con):
        _pending_load(con, year, load_id)
        for table in YEAR_TABLES:
            con.execute(f"DELETE FROM raw.{table} WHERE year = ?", [year])
            con.execute(f"INSERT INTO raw.{table} BY NAME SELECT * FROM raw_pending.{table}")
            con.execute(f"DELETE FROM raw_pending.{table}")
        con.execute(
            "UPDATE raw.customs_loads SET status = ?, decided_at = current_timestamp::TIMESTAMP "
            "WHERE year = ? AND status = ?",
            [SUPERSEDED, year, PROMOTED],
        )
        con.execute(
            "UPDATE raw.customs_loads SET status = ?, checks = ?, "
            "decided_at = current_timestamp::TIMESTAMP WHERE load_id = ?",
            [PROMOTED, checks, load_id],
        )


def reject_year(warehouse: Path, year: int, load_id: str, reason: str) -> None:
    """Drop the pending candidate and record why; `raw` keeps the previous good version."""
    with connect(warehouse) as con, transaction(con):
        for table in YEAR_TABLES:
            con.execute(f"DELETE FROM raw_pending.{table}")
        con.execute(
            "UPDATE raw.customs_loads SET status = ?, checks = ?, "
            "decided_at = current_timestamp::TIMESTAMP WHERE load_id = ? AND status = ?",
            [REJECTED, reason, load_id, PENDING],
        )
