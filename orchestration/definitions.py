"""The one `Definitions` object of the project: `dagster dev -m orchestration.definitions`."""

from dagster import Definitions

from orchestration.assets.dbt import trade_dbt_models
from orchestration.assets.raw import customs_archives, raw_customs_tables
from orchestration.resources import default_resources

defs = Definitions(
    assets=[customs_archives, raw_customs_tables, trade_dbt_models],
    resources=default_resources(),
)
