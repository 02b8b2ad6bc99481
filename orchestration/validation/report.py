"""Run every suite against a warehouse and print a report a person can read."""

from __future__ import annotations

from pathlib import Path

from orchestration.validation.parameters import suite_inputs
from orchestration.validation.runner import SuiteResult, run_suite
from orchestration.validation.suites import load_suites


def validate_warehouse(warehouse: Path, year: int) -> list[SuiteResult]:
    """Every suite: the raw ones for `year`, the mart ones over all years."""
    results = []
    for suite in load_suites():
        variables, parameters = suite_inputs(year)
        results.append(run_suite(warehouse, suite, variables, parameters))
    return results


def format_report(results: list[SuiteResult], max_rows: int = 5) -> str:
    lines = []
    for result in results:
        status = "FAIL" if result.errors else ("WARN" if result.warnings else "ok")
        lines.append(
            f"[{status:>4}] {result.suite} ({result.rows_validated:,} rows): {result.description}"
        )
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
