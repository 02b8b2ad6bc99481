"""Benchmark: a full-scale synthetic year through load and dbt build, against a plain-SQL floor.

Prints, per stage, wall time, rows per second and peak memory (each stage runs in its own
process, measured with wait4). Not a test: figures to record in benchmarks/README.md.

    uv run python benchmarks/bench_pipeline.py [--scale full|sample] [--year 2024] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_stage(name: str, argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run one stage in a child process; return (seconds, peak RSS in MiB)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"stage {name} failed:\n{err[-3000:]}")
    return seconds, usage.ru_maxrss / 1024


def py(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def floor(src: Path, work: Path, env: dict[str, str]) -> tuple[float, float]:
    """The floor: the four chart marts by one plain DuckDB script (`baseline_marts.sql`) from
    the data files of the archives in `src`, extracted into `work` first (not timed); (seconds,
    peak RSS in MiB)."""
    import zipfile

    extracted = []
    for archive in sorted(src.glob("*.zip")):
        with zipfile.ZipFile(archive) as zf:
            for name in zf.namelist():
                if name.startswith("SYNTH_REGIONAL"):
                    extracted.append(zf.extract(name, work / "extracted" / archive.stem))
    base_db = work / "baseline.duckdb"
    base_db.unlink(missing_ok=True)
    script = REPO / "benchmarks" / "baseline_marts.sql"
    geography = str(REPO / "dbt_project" / "seeds" / "ref_departments.csv")
    return run_stage("baseline", py(
        f"import duckdb; con = duckdb.connect({str(base_db)!r}); "
        f"con.execute('SET VARIABLE files = ?', [{[str(p) for p in extracted]!r}]); "
        f"con.execute('SET VARIABLE geography = ?', [{geography!r}]); "
        f"con.execute(open({str(script)!r}).read()); con.close()"), env)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="full", choices=["sample", "full"])
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--keep", help="work in this folder and keep it")
    args = parser.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tt-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    src, wh = work / "src", work / "wh" / "trade.duckdb"
    env = {**os.environ, "WAREHOUSE_PATH": str(wh), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    y = args.year

    t_gen, m_gen = run_stage("generate", py(
        "from pathlib import Path; from orchestration.synth.generator import write_archives; "
        f"write_archives({y}, Path({str(src)!r}), scale={args.scale!r})"), env)  # fmt: skip

    t_load, m_load = run_stage("load", py(
        "from pathlib import Path; from orchestration.ingest.pipeline import ingest_year; "
        "from orchestration.ingest.sources import SourceSpec; "
        f"ingest_year(SourceSpec('directory', directory=Path({str(src)!r})), {y}, "
        f"Path({str(wh)!r}))"), env)  # fmt: skip

    # the Territoires d'industrie list (bundled, offline): dbt reads it too
    run_stage("territories", py(
        "from pathlib import Path; from orchestration.ingest.territoires_industrie import "
        "acquire_territoires, load_territoires; "
        f"rows, mode, file = acquire_territoires('bundled', Path({str(work / 'ti')!r})); "
        f"load_territoires(Path({str(wh)!r}), rows, mode, file)"), env)  # fmt: skip

    import duckdb

    with duckdb.connect(str(wh), read_only=True) as con:
        rows = con.execute("SELECT count(*) FROM raw.customs_trade").fetchone()[0]

    dbt = str(Path(sys.executable).with_name("dbt"))
    t_dbt, m_dbt = run_stage("dbt build", [dbt, "build", "--quiet", "--project-dir",
        str(REPO / "dbt_project"), "--profiles-dir", str(REPO / "dbt_project")], env)  # fmt: skip
    t_run, m_run = run_stage("dbt run", [dbt, "run", "--quiet", "--project-dir",
        str(REPO / "dbt_project"), "--profiles-dir", str(REPO / "dbt_project")], env)  # fmt: skip

    t_base, m_base = floor(src, work, env)

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"scale: {args.scale}, year {y}, {rows:,} rows (both flows)")
    print(f"{'stage':<34}{'wall s':>9}{'rows/s':>13}{'peak MiB':>10}")
    for name, t, m in [
        ("generate synthetic archives", t_gen, m_gen),
        ("load (unzip, check, DuckDB CSV)", t_load, m_load),
        ("dbt build (models and tests)", t_dbt, m_dbt),
        ("dbt run (models only)", t_run, m_run),
        ("baseline: one plain SQL script", t_base, m_base),
    ]:
        print(f"{name:<34}{t:>9.1f}{rows / t:>13,.0f}{m:>10.0f}")
    print(
        f"ratio dbt build / baseline: {t_dbt / t_base:.1f}x; "
        f"dbt run / baseline: {t_run / t_base:.1f}x; "
        f"load + dbt build / baseline: {(t_load + t_dbt) / t_base:.1f}x"
    )
    print(f"work folder: {work}")


if __name__ == "__main__":
    main()
