"""Shared fixtures. The dbt manifest is built once, before anything imports the definitions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def dbt_manifest() -> Path:
    from orchestration.project import prepare_manifest

    return prepare_manifest(force=True)


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return tmp_path / "wh" / "trade.duckdb"
