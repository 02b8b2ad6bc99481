"""The benchmarks keep working: each runs at its smallest scale (figures are not checked; they
are measured on a quiet machine and recorded in benchmarks/README.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.mark.slow
def test_the_refresh_benchmark_runs_a_pair_and_prints_its_ratio_and_stages():
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "bench_refresh.py"), "--scale", "sample", "--pairs", "1"],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert any(line.startswith("ratio build / floor: ") for line in lines), lines
    stages = [line.split()[0] for line in lines if line.startswith("  ")]
    assert "dbt" in stages and "load" in stages and "published" in stages, lines
