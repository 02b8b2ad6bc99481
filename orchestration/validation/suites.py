"""The validation suites: Great Expectations suite JSON files under `expectations/`.

Each file is a GX `ExpectationSuite` (name, expectations with a description and a severity) whose
`meta` says what it validates: the SQL `query` whose result is validated (DuckDB variables
`year`, `top_n`, `top_links` are set before it runs), the `asset` it is attached to, whether it
is `partitioned` by year, and optionally `chunk_by`: a column whose values split the query's rows
into chunks validated one after the other (bounded memory for a year's millions of lines). Every
rule of such a suite must hold chunk by chunk: row by row, or unique over columns that include
`chunk_by`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from orchestration.settings import REPO_ROOT

EXPECTATIONS_DIR = REPO_ROOT / "expectations"


@dataclass(frozen=True)
class Suite:
    name: str
    description: str
    asset: tuple[str, ...]
    query: str
    partitioned: bool
    expectations: list[dict]
    path: Path
    chunk_by: str | None = None


# Expectations decided row by row: validating chunks of rows and adding up is the same as
# validating them all at once.
ROW_EXPECTATIONS = {
    "expect_column_values_to_be_in_set",
    "expect_column_values_to_not_be_in_set",
    "expect_column_values_to_be_between",
    "expect_column_values_to_not_be_null",
    "expect_column_values_to_match_regex",
}
# ... and those decided among rows sharing their key: the same chunk by chunk when the chunking
# column is part of the key.
KEY_EXPECTATIONS = {"expect_compound_columns_to_be_unique": "column_list"}


def _check_chunkable(path: Path, chunk_by: str, expectations: list[dict]) -> None:
    for i, expectation in enumerate(expectations):
        kind, kwargs = expectation["type"], expectation.get("kwargs", {})
        key = kwargs.get(KEY_EXPECTATIONS.get(kind, ""), [])
        # `mostly` (a share of the rows) does not add up over chunks
        if (kind in ROW_EXPECTATIONS or chunk_by in key) and "mostly" not in kwargs:
            continue
        raise ValueError(
            f"{path}: expectation {i} ({kind}) cannot be validated by chunks of {chunk_by!r}: "
            "only row-by-row rules (without `mostly`) and uniqueness over keys that include it can"
        )


def load_suite(path: Path) -> Suite:
    data = json.loads(path.read_text(encoding="utf-8"))
    meta = data.get("meta", {})
    for key in ("query", "asset", "description"):
        if key not in meta:
            raise ValueError(f"{path}: suite meta has no {key!r}")
    for i, expectation in enumerate(data["expectations"]):
        if not expectation.get("description"):
            raise ValueError(f"{path}: expectation {i} has no description")
        if not expectation.get("meta", {}).get("rule"):
            raise ValueError(f"{path}: expectation {i} has no meta.rule id")
    chunk_by = meta.get("chunk_by")
    if chunk_by:
        _check_chunkable(path, chunk_by, data["expectations"])
    return Suite(
        name=data["name"],
        description=meta["description"],
        asset=tuple(meta["asset"]),
        query=meta["query"],
        partitioned=bool(meta.get("partitioned", False)),
        expectations=data["expectations"],
        path=path,
        chunk_by=chunk_by,
    )


def load_suites(directory: Path = EXPECTATIONS_DIR) -> list[Suite]:
    return [load_suite(p) for p in sorted(directory.glob("*.json"))]


def raw_suites(directory: Path = EXPECTATIONS_DIR) -> list[Suite]:
    """The suites of a year's raw data: they decide whether a candidate year is promoted."""
    return [s for s in load_suites(directory) if s.asset[0] == "raw"]
