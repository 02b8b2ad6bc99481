"""Paths and environment: where the warehouse and its outputs live.

Everything a build writes lives in the folder of the warehouse file (default
`warehouse/trade.duckdb` in the repository; `WAREHOUSE_PATH` or `--warehouse` moves it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WAREHOUSE = REPO_ROOT / "warehouse" / "trade.duckdb"
FIRST_YEAR = 2015  # first year in CPF rév. 2.1


def warehouse_path() -> Path:
    """The warehouse file: `WAREHOUSE_PATH` if set, else `warehouse/trade.duckdb`; absolute."""
    return Path(os.environ.get("WAREHOUSE_PATH") or DEFAULT_WAREHOUSE).expanduser().resolve()


def dagster_home(warehouse: Path) -> Path:
    """`DAGSTER_HOME` if set, else `dagster_home/` beside the warehouse file."""
    env = os.environ.get("DAGSTER_HOME")
    return Path(env).resolve() if env else warehouse.parent / "dagster_home"


# The Dagster instance of a warehouse: every run writes the one DuckDB file, so runs go one at a
# time (a backfill of several years queues its runs instead of fighting over the file's lock).
INSTANCE_CONFIG = """\
# Written by territorial-trade. Every run writes one DuckDB file: one run at a time.
concurrency:
  runs:
    max_concurrent_runs: 1
telemetry:
  enabled: false
"""


def prepare_dagster_home(home: Path) -> Path:
    """Create the instance folder and its `dagster.yaml` (kept if the user wrote one)."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() or not config.read_text().strip():
        config.write_text(INSTANCE_CONFIG, encoding="utf-8")
    return home


@contextmanager
def scoped_env(**values: str) -> Iterator[None]:
    """Set environment variables for the duration of a block (for the dbt subprocess)."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old
