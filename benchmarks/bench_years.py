"""Benchmark: does an annual refresh rebuild history? One year into an empty warehouse, then
nine more, then one more year onto ten full-size years (about 40 million rows).

Each build is `territorial-trade build` in its own process (measured with wait4: wall time, peak
resident memory of the largest process), without fiches; the time of its `dbt build` stage is
read from the build's own stage lines. Not a test: figures to record in benchmarks/README.md.

    uv run python benchmarks/bench_years.py [--scale full|sample] [--keep DIR]   # ~15 min full
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DBT_LINE = re.compile(r"dbt build \(models \+ tests\)\s+([\d.]+) s")


def build(years: str, warehouse: Path, scale: str, log: Path) -> tuple[float, float, float]:
    """`territorial-trade build --year <years>`: (wall s, dbt build s, peak MiB)."""
    argv = [sys.executable, "-m", "orchestration.cli", "build", "--year", years,
            "--source", "synthetic", "--scale", scale, "--fiches", "none",
            "--warehouse", str(warehouse)]  # fmt: skip
    started = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    text = log.read_text(errors="replace")
    if status != 0:
        raise SystemExit(f"build {years} failed (see {log}):\n{text[-3000:]}")
    dbt = sum(float(m) for m in DBT_LINE.findall(text))
    # the largest process of the build's tree (Dagster runs, dbt), as the kernel reports it
    return seconds, dbt, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="full", choices=["sample", "full"])
    parser.add_argument("--keep", help="work in this folder and keep it")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tt-years-"))
    work.mkdir(parents=True, exist_ok=True)
    wh = work / "wh" / "trade.duckdb"

    stages = [("first year (2015), empty warehouse", "2015"),
              ("nine more years (2016..2024), one dbt", "2016..2024"),
              ("one more year (2025) onto ten", "2025")]  # fmt: skip
    results = []
    for name, years in stages:
        results.append((name, *build(years, wh, args.scale, work / f"build-{years}.log")))
        print(f"  {name}: {results[-1][1]:.1f} s", flush=True)

    import duckdb

    with duckdb.connect(str(wh), read_only=True) as con:
        rows = con.execute("SELECT count(*) FROM raw.customs_trade").fetchone()[0]
    size = wh.stat().st_size / 1024**3
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"scale: {args.scale}; after the last build: {rows:,} raw rows, warehouse {size:.1f} GiB")
    print(f"{'build':<42}{'wall s':>9}{'dbt build s':>13}{'peak MiB':>10}")
    for name, seconds, dbt, peak in results:
        print(f"{name:<42}{seconds:>9.1f}{dbt:>13.1f}{peak:>10.0f}")
    first, last = results[0], results[-1]
    print(f"one more year / first year: wall {last[1] / first[1]:.1f}x, "
          f"dbt build {last[2] / first[2]:.1f}x")  # fmt: skip
    print(f"work folder: {work}")


if __name__ == "__main__":
    main()
