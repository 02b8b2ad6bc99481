"""Run a suite: its query against DuckDB into pandas, then Great Expectations on the DataFrame.

(The GX SQL datasource through duckdb-engine returns no rows once GX closes the connection: see
`docs/stack.md`. Cross-table rules are therefore queries whose result is validated.)

A suite with `chunk_by` is validated by chunks of about CHUNK_ROWS rows holding whole values of
that column, and the chunks' results added up: a full-size year's four million lines in one frame
took about 1 GB more in the run's process, which Python never gave back.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from orchestration.validation.suites import Suite
from orchestration.warehouse import connect

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
MAX_FAILING_ROWS = 20
CHUNK_ROWS = 500_000


@dataclass
class RuleResult:
    rule: str  # short id, `meta.rule` in the suite file
    description: str
    expectation: str
    severity: str  # ERROR | WARN
    success: bool
    unexpected_count: int | None
    element_count: int | None
    observed_value: Any = None
    failing_rows: list[dict] = field(default_factory=list)


@dataclass
class SuiteResult:
    suite: str
    description: str
    rows_validated: int
    rules: list[RuleResult]
    year: int | None = None  # the year validated, for the per-year (raw) suites

    @property
    def errors(self) -> list[RuleResult]:
        return [r for r in self.rules if not r.success and r.severity == "ERROR"]

    @property
    def warnings(self) -> list[RuleResult]:
        return [r for r in self.rules if not r.success and r.severity == "WARN"]

    @property
    def success(self) -> bool:
        """No ERROR-level rule failed (warnings do not block)."""
        return not self.errors


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


# The schemas a raw suite may read: the promoted years, or the candidate year of a load.
RAW_SCHEMAS = ("raw", "raw_pending")


def _prepare(
    con: duckdb.DuckDBPyConnection,
    suite: Suite,
    variables: dict[str, Any],
    schema: str | None = None,
) -> None:
    """Raw suites name their tables unqualified: `schema` (one of RAW_SCHEMAS, default `raw`)
    says whose tables they read. The suite's variables are set for its query."""
    if suite.asset[0] == "raw":
        schema = schema or "raw"
        if schema not in RAW_SCHEMAS:
            raise ValueError(f"raw suites read one of {RAW_SCHEMAS}, not {schema!r}")
        con.execute(f"USE {schema}")
    for name, value in variables.items():
        con.execute(f"SET VARIABLE {name} = ?", [value])


def read_frame(
    con: duckdb.DuckDBPyConnection,
    suite: Suite,
    variables: dict[str, Any],
    schema: str | None = None,
) -> pd.DataFrame:
    """The suite's query result, all of it (see `_prepare` for `schema`)."""
    _prepare(con, suite, variables, schema)
    return con.execute(suite.query).df()


_context = None


def _gx_context():
    """One ephemeral GX context per process (creating one costs about a second)."""
    global _context
    if _context is None:
        import great_expectations as gx

        logging.getLogger("great_expectations").setLevel(logging.ERROR)
        _context = gx.get_context(mode="ephemeral")
        _context.variables.progress_bars = {"globally": False}
    return _context


_definitions: dict[str, Any] = {}


def _validation_definition(suite: Suite):
    """The suite's GX validation definition (data source, suite, definition), made once per
    process and suite content: registering them costs more than validating a small frame."""
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    name = hashlib.sha256(
        json.dumps([suite.name, suite.expectations], sort_keys=True, default=str).encode()
    ).hexdigest()[:16]
    if name not in _definitions:
        context = _gx_context()
        batch = (
            context.data_sources.add_or_update_pandas(f"ds-{name}")
            .add_dataframe_asset(f"asset-{name}")
            .add_batch_definition_whole_dataframe(f"batch-{name}")
        )
        expectations = [ExpectationConfiguration(**e).to_domain_obj() for e in suite.expectations]
        gx_suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
        _definitions[name] = context.validation_definitions.add(
            gx.ValidationDefinition(name=f"vd-{name}", data=batch, suite=gx_suite)
        )
    return _definitions[name]


def validate_frame(
    suite: Suite, frame: pd.DataFrame, parameters: dict[str, Any] | None = None
) -> SuiteResult:

    definition = _validation_definition(suite)
    result = definition.run(
        batch_parameters={"dataframe": frame},
        expectation_parameters=parameters or {},
        result_format={
            "result_format": "SUMMARY",
            "partial_unexpected_count": MAX_FAILING_ROWS,
        },
    )
    by_description = {e["description"]: e for e in suite.expectations}
    rules = []
    for res in result.results:
        config = res.expectation_config
        spec = by_description.get(config.description, {})
        details = res.result or {}
        index = details.get("partial_unexpected_index_list") or []
        failing = frame.loc[[i for i in index if i in frame.index][:MAX_FAILING_ROWS]]
        if res.exception_info and res.exception_info.get("raised_exception"):
            details = {"exception": res.exception_info.get("exception_message")}
        rules.append(
            RuleResult(
                rule=spec.get("meta", {}).get("rule", config.type),
                description=config.description or config.type,
                expectation=config.type,
                severity="WARN" if spec.get("severity") == "warning" else "ERROR",
                success=bool(res.success),
                unexpected_count=details.get("unexpected_count"),
                element_count=details.get("element_count"),
                observed_value=_jsonable(details.get("observed_value", details.get("exception"))),
                failing_rows=_jsonable(failing.to_dict(orient="records")),
            )
        )
    return SuiteResult(suite.name, suite.description, len(frame), rules)


def merge_results(parts: list[SuiteResult]) -> SuiteResult:
    """The results of one suite on chunks of its rows, as if validated at once: a rule passes
    when it passes on every chunk; its counts add up; its failing rows are the chunks' first
    MAX_FAILING_ROWS, its observed value that of the first chunk where it failed."""

    def total(values: list[int | None]) -> int | None:
        known = [v for v in values if v is not None]
        return sum(known) if known else None

    rules = []
    for same in zip(*(part.rules for part in parts), strict=True):
        failed = [r for r in same if not r.success]
        rules.append(
            dataclasses.replace(
                same[0],
                success=not failed,
                unexpected_count=total([r.unexpected_count for r in same]),
                element_count=total([r.element_count for r in same]),
                observed_value=(failed or same)[0].observed_value,
                failing_rows=[row for r in same for row in r.failing_rows][:MAX_FAILING_ROWS],
            )
        )
    first = parts[0]
    rows = sum(part.rows_validated for part in parts)
    return SuiteResult(first.suite, first.description, rows, rules, first.year)


def validate(
    con: duckdb.DuckDBPyConnection,
    suite: Suite,
    variables: dict[str, Any],
    parameters: dict[str, Any],
    schema: str | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> SuiteResult:
    """The suite on its query's rows: in one frame, or by chunks of whole `chunk_by` values
    (chunk k of n: the rows whose value hashes to k modulo n)."""
    if not suite.chunk_by:
        return validate_frame(suite, read_frame(con, suite, variables, schema), parameters)
    _prepare(con, suite, variables, schema)
    (rows,) = con.execute(f"SELECT count(*) FROM ({suite.query})").fetchone()
    chunks = max(1, math.ceil(rows / chunk_rows))
    parts = []
    for k in range(chunks):
        frame = con.execute(
            f'SELECT * FROM ({suite.query}) WHERE hash("{suite.chunk_by}") % {chunks} = {k}'
        ).df()
        parts.append(validate_frame(suite, frame, parameters))
        del frame
    return merge_results(parts)


def run_suite(
    warehouse: Path,
    suite: Suite,
    variables: dict[str, Any],
    parameters: dict[str, Any],
    schema: str | None = None,
) -> SuiteResult:
    with connect(warehouse, read_only=True) as con:
        return validate(con, suite, variables, parameters, schema)
