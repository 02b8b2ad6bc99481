"""Running the pipeline in-process for given years, recorded in the Dagster instance."""

from __future__ import annotations

from dagster import DagsterInstance, materialize

from orchestration.definitions import ASSETS, CHECKS, defs


def build_years(years: list[int], *, source: str, scale: str, seed: int, refresh: bool) -> bool:
    """Materialize every asset for each year in turn; stop at the first failure."""
    from orchestration.resources import CustomsSourceResource

    resources = dict(defs.resources)
    resources["customs_source"] = CustomsSourceResource(
        source=source, synthetic_scale=scale, synthetic_seed=seed, refresh=refresh
    )
    assets = [*ASSETS, *CHECKS]
    instance = DagsterInstance.get()
    for year in years:
        result = materialize(
            assets,
            partition_key=str(year),
            resources=resources,
            instance=instance,
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
            tags={"territorial_trade/year": str(year), "territorial_trade/source": source},
        )
        status = "ok" if result.success else "FAILED"
        print(f"{year}: {status} (run {result.run_id})")
        if not result.success:
            return False
    return True
