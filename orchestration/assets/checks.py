"""Great Expectations suites as blocking Dagster asset checks, next to the assets they validate.

One check per suite under `expectations/`. A failed ERROR-level expectation fails the check with
severity ERROR, which stops everything downstream of the asset in the run; WARN-level ones (unknown
codes) fail with severity WARN and block nothing. The metadata carries the observed values and up
to 20 failing rows per expectation.
"""

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetKey,
    MetadataValue,
    asset_check,
)
from dagster_dbt import get_asset_key_for_model

from orchestration.assets.dbt import trade_dbt_models
from orchestration.partitions import yearly_partitions
from orchestration.publish.publisher import fingerprints, record_pass
from orchestration.resources import WarehouseResource
from orchestration.validation.parameters import suite_inputs
from orchestration.validation.runner import SuiteResult, run_suite
from orchestration.validation.suites import Suite, load_suites


def asset_key_of(suite: Suite) -> AssetKey:
    """The asset a suite validates; dbt models are looked up, never hand-written."""
    if suite.asset[0] == "marts":
        return get_asset_key_for_model([trade_dbt_models], suite.asset[1])
    return AssetKey(list(suite.asset))


def check_result(
    result: SuiteResult, asset_key: AssetKey | None = None, check_name: str | None = None
) -> AssetCheckResult:
    metadata = {
        "suite": result.suite,
        "rows_validated": result.rows_validated,
        "failed_errors": len(result.errors),
        "failed_warnings": len(result.warnings),
        "expectations": MetadataValue.json(
            [
                {
                    "rule": rule.rule,
                    "description": rule.description,
                    "expectation": rule.expectation,
                    "severity": rule.severity,
                    "success": rule.success,
                    "unexpected_count": rule.unexpected_count,
                    "element_count": rule.element_count,
                    "observed_value": rule.observed_value,
                }
                for rule in result.rules
            ]
        ),
    }
    for i, rule in enumerate(result.rules):
        if not rule.success and rule.failing_rows:
            metadata[f"failing_rows_{i + 1}"] = MetadataValue.json(
                {"description": rule.description, "rows": rule.failing_rows}
            )
    severity = AssetCheckSeverity.ERROR if result.errors else AssetCheckSeverity.WARN
    return AssetCheckResult(
        asset_key=asset_key,
        check_name=check_name,
        passed=not result.errors and not result.warnings,
        severity=severity,
        metadata=metadata,
        description=result.description,
    )


def build_suite_check(suite: Suite) -> AssetChecksDefinition:
    @asset_check(
        asset=asset_key_of(suite),
        name=suite.name,
        description=f"{suite.description} (GX suite `expectations/{suite.path.name}`)",
        blocking=True,
        partitions_def=yearly_partitions if suite.partitioned else None,
    )
    def _check(context: AssetCheckExecutionContext, warehouse: WarehouseResource):
        year = int(context.partition_key) if suite.partitioned else None
        variables, parameters = suite_inputs(year)
        if suite.asset[0] == "marts" and not suite.partitioned:
            prints = fingerprints(warehouse.db_path)  # the marts as this check sees them
        result = run_suite(warehouse.db_path, suite, variables, parameters)
        if suite.asset[0] == "marts" and not suite.partitioned and not result.errors:
            record_pass(warehouse.db_path, suite.name, prints)  # the publication trusts it
        return check_result(result)

    return _check


# The per-year raw suites are not here: they decide a year's promotion, inside the raw load
# (`assets/raw.py`), as the check specs of `raw/customs_trade`.
suite_checks = [build_suite_check(suite) for suite in load_suites() if suite.asset[0] != "raw"]
