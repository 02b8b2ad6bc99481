"""The validation suites: Great Expectations suite JSON files under `expectations/`.

Each file is a GX `ExpectationSuite` (name, expectations with a description and a severity) whose
`meta` says what it validates: the SQL `query` whose result is validated (DuckDB variables
`year`, `top_n`, `top_links` are set before it runs), the `asset` it is attached to, and whether
it is `partitioned` by year.
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
    return Suite(
        name=data["name"],
        description=meta["description"],
        asset=tuple(meta["asset"]),
        query=meta["query"],
        partitioned=bool(meta.get("partitioned", False)),
        expectations=data["expectations"],
        path=path,
    )


def load_suites(directory: Path = EXPECTATIONS_DIR) -> list[Suite]:
    return [load_suite(p) for p in sorted(directory.glob("*.json"))]


def raw_suites(directory: Path = EXPECTATIONS_DIR) -> list[Suite]:
    """The suites of a year's raw data: they decide whether a candidate year is promoted."""
    return [s for s in load_suites(directory) if s.asset[0] == "raw"]
