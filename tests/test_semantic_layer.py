"""The dbt semantic layer: MetricFlow answers the fiche's headline metrics from the warehouse,
the same numbers as the marts."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.project import DBT_PROJECT_DIR


def mf_query(warehouse: Path, out: Path, *args: str) -> list[dict]:
    """`mf query` as a user types it in dbt_project/, its result read back from --csv."""
    env = {**os.environ, "WAREHOUSE_PATH": str(warehouse), "DBT_PROFILES_DIR": str(DBT_PROJECT_DIR)}
    mf = Path(sys.executable).parent / "mf"
    completed = subprocess.run([str(mf), "query", *args, "--csv", str(out), "--quiet"],
                               cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True,
                               timeout=300)  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    with out.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def warehouse(hand_built, tmp_path) -> Path:
    copy = tmp_path / "trade.duckdb"
    shutil.copyfile(hand_built, copy)
    return copy


def test_metrics_by_level_and_year_match_the_marts(warehouse, tmp_path):
    rows = mf_query(warehouse, tmp_path / "totals.csv", "--metrics",
                    "exports,imports,balance,export_coverage_ratio", "--group-by",
                    "area__level,metric_time__year")  # fmt: skip
    with duckdb.connect(str(warehouse), read_only=True) as con:
        expected = {(level, year): (e, i) for level, year, e, i in con.execute(
            "SELECT level, year, sum(export_eur), sum(import_eur) FROM marts.trade_totals "
            "GROUP BY ALL").fetchall()}  # fmt: skip
    assert len(rows) == len(expected) == 3
    for row in rows:
        e, i = expected[row["area__level"], int(row["metric_time__year"][:4])]
        assert float(row["exports"]) == e and float(row["imports"]) == i
        assert float(row["balance"]) == e - i
        assert float(row["export_coverage_ratio"]) == pytest.approx(e / i)


def test_partner_shares_match_area_indicators(warehouse, tmp_path):
    rows = mf_query(warehouse, tmp_path / "shares.csv", "--metrics",
                    "flow_value,eu27_share,us_share,cn_share,energy_share", "--group-by",
                    "area,area_flow_year__flow,metric_time__year", "--where",
                    "{{ Dimension('area__level') }} = 'department'")  # fmt: skip
    with duckdb.connect(str(warehouse), read_only=True) as con:
        expected = {(a, f): r for a, f, *r in con.execute(
            "SELECT area_id, flow, value_eur, eu27_share, us_share, cn_share, "
            "energy_value_eur / value_eur FROM marts.area_indicators "
            "WHERE level = 'department' AND value_eur > 0").fetchall()}  # fmt: skip
    got = {(r["area"], r["area_flow_year__flow"]): r for r in rows
           if float(r["flow_value"] or 0) > 0}  # fmt: skip
    assert set(got) == set(expected)
    for key, (value, eu, us, cn, energy) in expected.items():
        row = got[key]
        assert float(row["flow_value"]) == value
        for metric, share in (("eu27_share", eu), ("us_share", us), ("cn_share", cn),
                              ("energy_share", energy)):  # fmt: skip
            assert float(row[metric]) == pytest.approx(share or 0), (key, metric)
