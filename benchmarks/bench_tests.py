"""Benchmark: how long the test suites take, against a yardstick of the machine's speed.

Runs, each in its own process and one after the other: the demo (`territorial-trade demo`, the
yardstick: how fast is this machine today), the fast suite (`uv run pytest`, the README's test
command) and the slow suite (`uv run pytest -m slow --dist=worksteal`). Prints the wall time of
each, the ten slowest tests of each suite, and the budgets of issue « Tests in minutes » beside
them: fast suite under 3 minutes, slow suite under 15, the whole CI run under 30 on 2 cores. Not
a test: nothing is asserted; record the figures in benchmarks/README.md.

    uv run python benchmarks/bench_tests.py [--skip demo,slow]    # about 20 min with all three
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

ROOT = Path(__file__).resolve().parent.parent
BUDGETS = {"fast suite": 180, "slow suite": 900}
SUMMARY = re.compile(r"^=+ (.*(passed|failed).*) =+$", re.M)
SLOWEST = re.compile(r"^(\d+\.\d+)s (setup|call|teardown)\s+(\S+)$", re.M)


def timed(argv: list[str], log: Path) -> tuple[float, str]:
    """Run `argv` from the repository's root, its output in `log`: (wall seconds, output)."""
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false", "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    started = time.perf_counter()
    with log.open("w") as out:
        done = subprocess.run(argv, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
    seconds = time.perf_counter() - started
    text = log.read_text(errors="replace")
    if done.returncode != 0:
        print(f"  {' '.join(argv)} exited {done.returncode} (see {log})")
    return seconds, text


def minutes(seconds: float) -> str:
    return f"{int(seconds // 60)} min {seconds % 60:04.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip", default="", help="comma-separated: demo, fast, slow")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    work = Path(tempfile.mkdtemp(prefix="tt-bench-tests-"))
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"logs: {work}")
    results: dict[str, float] = {}
    if "demo" not in skip:
        warehouse = work / "demo" / "trade.duckdb"
        argv = [sys.executable, "-m", "orchestration.cli", "demo", "--warehouse", str(warehouse)]
        results["demo (yardstick)"], _ = timed(argv, work / "demo.log")
        print(f"demo (yardstick): {minutes(results['demo (yardstick)'])}", flush=True)
    suites = {"fast suite": ["uv", "run", "pytest", "--durations=10"],
              "slow suite": ["uv", "run", "pytest", "-m", "slow", "--dist=worksteal",
                             "--durations=10"]}  # fmt: skip
    for name, argv in suites.items():
        if name.split()[0] in skip:
            continue
        seconds, text = timed(argv, work / f"{name.replace(' ', '-')}.log")
        results[name] = seconds
        summary = SUMMARY.findall(text)
        print(f"{name}: {minutes(seconds)} (budget {minutes(BUDGETS[name])}): "
              f"{summary[-1][0] if summary else 'no summary'}", flush=True)  # fmt: skip
        for took, when, test in SLOWEST.findall(text)[:10]:
            print(f"    {float(took):7.1f} s {when:8s} {test}")
    suite_total = sum(results.get(name, 0.0) for name in suites)
    print(f"both suites: {minutes(suite_total)} (CI adds its setup and lint; budget 30 min)")


if __name__ == "__main__":
    main()
