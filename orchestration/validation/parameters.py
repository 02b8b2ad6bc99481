"""The values suites are run with: the year, and the top-N settings of the dbt project."""

from __future__ import annotations

from typing import Any

import yaml

from orchestration.project import DBT_PROJECT_DIR


def dbt_vars() -> dict[str, Any]:
    config = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return dict(config.get("vars", {}))


def suite_inputs(year: int | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """(DuckDB variables for the queries, GX expectation parameters)."""
    dbt = dbt_vars()
    top_n, top_links = int(dbt["top_n"]), int(dbt["top_links"])
    variables: dict[str, Any] = {"top_n": top_n, "top_links": top_links}
    parameters: dict[str, Any] = {"max_flow_rows": (top_n + 1) ** 2}
    if year is not None:
        variables["year"] = year
        parameters["years"] = [year]
    return variables, parameters
