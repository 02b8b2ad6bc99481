"""Benchmark: a year refreshed end to end, as an analyst runs it, against the plain-SQL floor.

Writes the year's synthetic archives once (`--scale full`: the size of a real customs year),
then for each pair, in turn: `territorial-trade build --year Y --fiches none` into a fresh
warehouse (source folder, load and raw checks, dbt build and tests, mart checks, publication,
dbt docs, chart datasets: one Dagster run) and the floor (`baseline_marts.sql`: the chart marts
by one DuckDB script, `bench_pipeline.floor`). Prints each pair, the medians, the ratio, the
peak memory (the largest process of the build, from wait4) and the stage times of the median
build, read from the build's own stage lines. Not a test: record the figures in
benchmarks/README.md. CI runs it at sample scale, one pair, to keep it working.

    uv run python benchmarks/bench_refresh.py [--scale full|sample] [--pairs 3] [--year 2024]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_pipeline import floor, py, run_stage

STAGE = re.compile(r"^ {7}(\S.*?)\s+([\d.]+) s$")


def build(year: int, src: Path, warehouse: Path, env: dict[str, str]
          ) -> tuple[float, float, dict[str, float]]:  # fmt: skip
    """One build into a fresh warehouse: (seconds, peak RSS in MiB, seconds by stage)."""
    shutil.rmtree(warehouse.parent, ignore_errors=True)
    argv = [sys.executable, "-m", "orchestration.cli", "build", "--year", str(year), "--source",
            str(src), "--fiches", "none", "--warehouse", str(warehouse)]  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"build failed:\n{out[-3000:]}")
    stages = {m[1]: float(m[2]) for line in out.splitlines() if (m := STAGE.match(line))}
    return seconds, usage.ru_maxrss / 1024, stages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="full", choices=["sample", "full"])
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--keep", help="work in this folder and keep it")
    args = parser.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tt-refresh-"))
    work.mkdir(parents=True, exist_ok=True)
    src = work / "src"
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "WAREHOUSE_PATH")}
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    run_stage("generate", py(
        "from pathlib import Path; from orchestration.synth.generator import write_archives; "
        f"write_archives({args.year}, Path({str(src)!r}), scale={args.scale!r})"), env)  # fmt: skip

    builds, floors = [], []
    for pair in range(1, args.pairs + 1):
        builds.append(build(args.year, src, work / "wh" / "trade.duckdb", env))
        floors.append(floor(src, work / "floor", env))
        print(f"pair {pair}: build {builds[-1][0]:.1f} s ({builds[-1][1]:.0f} MiB), "
              f"floor {floors[-1][0]:.1f} s ({floors[-1][1]:.0f} MiB)", flush=True)  # fmt: skip

    seconds = statistics.median(b[0] for b in builds)
    base = statistics.median(f[0] for f in floors)
    median = min(builds, key=lambda b: abs(b[0] - seconds))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")  # fmt: skip
    print(f"scale: {args.scale}, year {args.year}, {args.pairs} pair(s)")
    print(f"build (median): {seconds:.1f} s, peak {max(b[1] for b in builds):.0f} MiB")
    print(f"floor (median): {base:.1f} s, peak {max(f[1] for f in floors):.0f} MiB")
    print(f"ratio build / floor: {seconds / base:.1f}x")
    print("stages of the median build (its own stage lines):")
    for name, stage_seconds in median[2].items():
        print(f"  {name:<38}{stage_seconds:>8.1f} s")
    print(f"  {'(the rest: process starts, Dagster)':<38}"
          f"{median[0] - sum(median[2].values()):>8.1f} s")  # fmt: skip
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
