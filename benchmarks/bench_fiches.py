"""Benchmark: every page of a built year, from nothing, then again unchanged, then one change.

Prints wall time and peak memory of each run (each in its own process, measured with wait4):
1. from nothing: every rendered file of the year removed (fiches, charts, keys, territory pages,
   index pages), then `render_selection` (what the `fiches` asset and `territorial-trade fiches`
   call): 120 fiches in HTML and PDF, 183 territory pages with their gathered PDFs, the indexes;
2. unchanged: the same call again, nothing having changed (every page's key matches);
3. one département changed: its `totals.json` rewritten with one more key, so its fiche and the
   territory pages that gather it render again.
Not a test: figures to record in benchmarks/README.md.

    uv run territorial-trade demo                      # a built warehouse (or any built year)
    uv run python benchmarks/bench_fiches.py [--warehouse warehouse/trade.duckdb] [--year 2024]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run(label: str, warehouse: Path, year: int) -> None:
    code = (
        "import json, sys; from pathlib import Path; "
        "from orchestration.fiches.batch import render_selection; "
        f"done = render_selection(Path({str(warehouse)!r}), {year}); "
        "print(json.dumps({k: done[k] for k in ('fiches', 'rendered', 'territories', "
        "'territories_rendered')}))"
    )
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, cwd=REPO)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    out = proc.stdout.read().decode() if proc.stdout else ""
    if status != 0:
        raise SystemExit(f"{label}: render failed (status {status})")
    counts = json.loads(out.strip().splitlines()[-1])
    print(f"| {label} | {seconds:.1f} | {counts['rendered']}/{counts['fiches']} | "
          f"{counts['territories_rendered']}/{counts['territories']} | "
          f"{usage.ru_maxrss / 1024:.0f} |")  # fmt: skip


def clear(exports_year: Path) -> None:
    """Remove every rendered file of the year, keeping the chart datasets."""
    from orchestration.fiches.names import fiche_pdf

    for folder in exports_year.glob("*/*"):
        if folder.parent.name == "territoires":
            continue
        pdf = fiche_pdf(folder.parent.name, folder.name, int(exports_year.name))
        for name in ("fiche.html", pdf, "fiche.pdf", ".fiche.key"):
            (folder / name).unlink(missing_ok=True)
        shutil.rmtree(folder / "charts", ignore_errors=True)
    shutil.rmtree(exports_year / "territoires", ignore_errors=True)
    (exports_year / "index.html").unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warehouse", type=Path, default=REPO / "warehouse" / "trade.duckdb")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--department", default="13", help="the département changed in run 3")
    args = parser.parse_args()
    exports_year = args.warehouse.parent / "exports" / str(args.year)
    if not (exports_year / "france" / "FR" / "totals.json").exists():
        raise SystemExit(f"no chart datasets in {exports_year}: build the year first")
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"{exports_year}")  # fmt: skip
    print("| run | wall s | fiches rendered | territory pages rendered | peak MiB |")
    print("|---|---:|---:|---:|---:|")
    clear(exports_year)
    run("from nothing", args.warehouse, args.year)
    run("unchanged", args.warehouse, args.year)
    totals = exports_year / "department" / args.department / "totals.json"
    original = totals.read_bytes()
    data = json.loads(original)
    data["benchmark_touch"] = time.time()
    totals.write_text(json.dumps(data), encoding="utf-8")
    try:
        run(f"département {args.department} changed", args.warehouse, args.year)
    finally:
        totals.write_bytes(original)  # its pages render again on the next run


if __name__ == "__main__":
    main()
