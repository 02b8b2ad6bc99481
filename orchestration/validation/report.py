"""Run every suite against a warehouse and print a report a person can read."""

from __future__ import annotations

from pathlib import Path

from orchestration.validation.parameters import suite_inputs
from orchestration.validation.runner import SuiteResult, validate
from orchestration.validation.suites import Suite, load_suites
from orchestration.warehouse import connect


def validate_warehouse(
    warehouse: Path, years: list[int], suites: list[Suite] | None = None
) -> list[SuiteResult]:
    """Every suite (or those given): the raw ones for each of `years`, the mart ones once (they
    hold every year)."""
    results = []
    with connect(warehouse, read_only=True) as con:  # one connection for every suite
        for suite in load_suites() if suites is None else suites:
            for year in years if suite.partitioned else years[-1:]:
                variables, parameters = suite_inputs(year)
                result = validate(con, suite, variables, parameters)
                result.year = year if suite.partitioned else None
                results.append(result)
    return results


def format_report(results: list[SuiteResult], max_rows: int = 5) -> str:
    lines = []
    for result in results:
        status = "FAIL" if result.errors else ("WARN" if result.warnings else "ok")
        name = f"{result.suite} {result.year}" if result.year else result.suite
        lines.append(f"[{status:>4}] {name} ({result.rows_validated:,} rows): {result.description}")
        for rule in result.rules:
            if rule.success:
                continue
            lines.append(
                f"       {rule.severity} {rule.rule}: {rule.description} "
                f"({rule.unexpected_count} of {rule.element_count} rows)"
            )
            for row in rule.failing_rows[:max_rows]:
                lines.append(f"         {row}")
    errors = sum(len(r.errors) for r in results)
    warnings = sum(len(r.warnings) for r in results)
    rules = sum(len(r.rules) for r in results)
    lines.append(
        f"{len(results)} suites, {rules} expectations: {errors} failed (error), "
        f"{warnings} failed (warning)"
    )
    return "\n".join(lines)
