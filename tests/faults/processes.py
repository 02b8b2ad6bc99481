"""The fault campaign's processes: builds started, completed and killed in their own
session, the invariants every fault must leave, the processes a build leaves behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb

FIGURES = (
    Path(os.environ.get("TT_FAULT_FIGURES", "")) if os.environ.get("TT_FAULT_FIGURES") else None
)


def scaled(lines: list[str], factor: int) -> list[str]:
    """The same lines with every value multiplied by `factor`."""
    out = []
    for line in lines:
        fields = line.split(";")
        fields[8] = str(int(fields[8]) * factor)
        out.append(";".join(fields))
    return out


# B doubles France's totals, far beyond what a revision moves them (`load.REVISION_SHARE`): the
# builds that switch between A and B on purpose ask for it
REVISE = ("--accept-revision",)


def start_build(warehouse: Path, source: Path, sources: dict, *extra: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "WAREHOUSE_PATH")}
    env["TERRITOIRES_SOURCE"] = str(sources["territoires"])
    log = (warehouse.parent.parent / "build.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "orchestration.cli", "build", "--year", "2024", "--source",
         str(source), "--warehouse", str(warehouse), *extra],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def complete_build(warehouse: Path, source: Path, sources: dict, *extra: str) -> float:
    started = time.monotonic()
    proc = start_build(warehouse, source, sources, *extra)
    assert proc.wait(timeout=600) == 0, (warehouse.parent.parent / "build.log").read_text()[-3000:]
    return time.monotonic() - started


READ_PUBLISHED = """
import duckdb, json, os, sys
root = sys.argv[1]
manifest = json.load(open(os.path.join(root, 'current', 'manifest.json')))
con = duckdb.connect(os.path.join(root, 'trade.duckdb'), read_only=True)
db = con.execute("SELECT sum(export_eur) FROM marts.trade_totals").fetchone()[0]
pq = con.execute("SELECT sum(export_eur) FROM read_parquet(?, hive_partitioning = true)",
                 [os.path.join(root, 'parquet', 'trade_totals', '*', '*.parquet')]).fetchone()[0]
rows = {t: con.execute(f"SELECT count(*) FROM marts.{t}").fetchone()[0] for t in manifest['tables']}
print(json.dumps({"version": manifest['version'], "db": db, "parquet": pq,
                  "rows_match": rows == manifest['tables']}))
"""


def check_invariants(warehouse: Path) -> dict:
    """The warehouse opens; the publication is one whole version read by a fresh process."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        raw = con.execute("SELECT sum(value_eur) FROM raw.customs_trade").fetchone()[0]
        loads = con.execute("SELECT status, count(*) FROM raw.customs_loads GROUP BY 1").fetchall()
    root = warehouse.parent / "published"
    done = subprocess.run([sys.executable, "-c", READ_PUBLISHED, str(root)],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    published = json.loads(done.stdout)
    assert published["db"] == published["parquet"] and published["rows_match"], published
    return {"raw": raw, "loads": dict(loads), **published}


def last_step(warehouse: Path) -> str:
    """The step the build was in: the last one started in its log file (warehouse/logs/)."""
    logs = sorted((warehouse.parent / "logs").glob("build-*.log"), key=lambda p: p.stat().st_mtime)
    if not logs:
        return "startup"
    steps = [line.split(" - ")[6] for line in logs[-1].read_text(errors="replace").splitlines()
             if " - STEP_START - " in line]  # fmt: skip
    return steps[-1] if steps else "startup"


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (the build's worker, dbt, the rendering pool)."""
    found = children(pid)
    for child in list(found):
        found += descendants(child)
    return found


def cmdline(pid: int) -> bytes:
    """The command line of `pid`, empty if it has ended since it was listed."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return b""


def gone(pids: list[int]) -> bool:
    for pid in pids:
        try:
            os.kill(pid, 0)
            return False
        except ProcessLookupError:
            continue
    return True
