"""The dbt command of the assets: dagster-dbt's, run against one warehouse."""

from __future__ import annotations

from dagster_dbt import DbtCliResource

from orchestration.resources import WarehouseResource


class TradeDbtResource(DbtCliResource):
    """dagster-dbt's dbt command, run against one warehouse (`warehouse_cli`).

    dagster-dbt also opens a dbt adapter inside the Dagster process before each command, only
    to read row counts and columns afterwards (which `assets/table_metadata.py` reads from
    DuckDB's catalogue): it loads the profile and every macro of the project again, about 3 s
    of each dbt step (8 s on a loaded machine) for nothing here."""

    def _initialize_dbt_core_adapter(self, args):  # dagster-dbt's hook: no adapter
        return None

    def warehouse_cli(self, args: list[str], warehouse: WarehouseResource, **kwargs):
        """`dbt <args>` on `warehouse`, its results in the warehouse's own target folder."""
        return self.cli([*args, *warehouse.dbt_vars()], target_path=warehouse.dbt_target,
                        **kwargs)  # fmt: skip
