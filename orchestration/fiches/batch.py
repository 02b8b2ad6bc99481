"""Render many fiches, on every core: one process per core, areas handed out one by one."""

from __future__ import annotations

import contextlib
import json
import multiprocessing as mp
import os
import signal
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext
from pathlib import Path

from orchestration.chart_datasets.store import read_totals
from orchestration.charts.format import french_sort_key
from orchestration.fiches.render import is_current, page_key, render_area

# the rendering's progress: (what, done, total), e.g. ("fiches", 20, 120)
Progress = Callable[[str, int, int], None]


def _render_one(args: tuple[str, str, str, str, str]) -> tuple[str, str, float]:
    exports_year, level, code, territories, key = args
    started = time.perf_counter()
    render_area(Path(exports_year), level, code, json.loads(territories), key)
    return level, code, time.perf_counter() - started


class PageWorkerKilled(RuntimeError):
    """A page worker process died while pages were rendering: killed by a signal (the system's
    out-of-memory killer sends SIGKILL) or crashed. The pages finished before are kept (each is
    stamped once written): the next run renders the others."""


def _signal_name(exitcode: int | None) -> str | None:
    if exitcode is None or exitcode >= 0:
        return None
    try:
        return signal.Signals(-exitcode).name
    except ValueError:
        return f"signal {-exitcode}"


class Workers:
    """Worker processes for pages: one spawned process per core, started on first need and
    shared by the fiches and the territory pages (starting one costs its imports, ~3 s).

    spawn, not fork: a clean interpreter per worker (the caller may hold threads, e.g. Dagster's).
    A worker that dies (the out-of-memory killer) stops the run with `PageWorkerKilled` instead
    of leaving it waiting for a page that will never come (`multiprocessing.Pool` waits).
    """

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._processes: dict = {}  # the pool's processes by pid, kept to read how they ended

    def run(self, worker: Callable, jobs: list, label: str, progress: Progress | None) -> list:
        """`worker` over `jobs`, in the workers (or here, for one job or one core), reporting
        progress as (label, done, total) every 20 jobs."""
        done: list = []
        processes = min(os.cpu_count() or 1, len(jobs)) or 1
        if processes <= 1 or len(jobs) <= 1:
            results: Iterator = map(worker, jobs)
        else:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(processes, mp_context=mp.get_context("spawn"))
            # handed out in the order given, as workers free up
            futures = [self._pool.submit(worker, job) for job in jobs]
            self._processes.update(getattr(self._pool, "_processes", None) or {})
            results = self._completed(futures, label)
        for result in results:
            done.append(result)
            if progress and (len(done) % 20 == 0 or len(done) == len(jobs)):
                progress(label, len(done), len(jobs))
        return done

    def _completed(self, futures: list[Future], label: str) -> Iterator:
        try:
            for future in as_completed(futures):
                yield future.result()
        except BrokenProcessPool:
            if self._pool is not None:  # its processes reaped: how each ended is known only then
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None
            killed = [n for p in self._processes.values() if (n := _signal_name(p.exitcode))]
            killed.sort(key=lambda n: n == "SIGTERM")  # the pool ends the others with SIGTERM
            how = f"killed by {killed[0]}" if killed else "stopped abruptly"
            hint = (" (the system's out-of-memory killer sends SIGKILL when memory runs out)"
                    if killed and killed[0] == "SIGKILL" else "")  # fmt: skip
            finished = sum(f.done() and not f.cancelled() and f.exception() is None
                           for f in futures)  # fmt: skip
            raise PageWorkerKilled(
                f"a page worker was {how}{hint} while rendering {label}: {finished} of "
                f"{len(futures)} rendered and kept; run again to render the others"
            ) from None  # the pool's error says no more, and would hide this one's class

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _terminate(self) -> None:
        """Stop the workers now (the run failed or was interrupted): pages being rendered are
        dropped before their stamp is written, so they count as not rendered."""
        if self._pool is not None:
            for process in self._processes.values():
                process.terminate()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:
            self._terminate()
        self.close()


def with_regions(territories: dict[tuple[str, str], dict],
                 exports_year: Path) -> dict[tuple[str, str], dict]:  # fmt: skip
    """The territories of each département, and of each region those of its départements (in
    French alphabetical order), so that a region's fiche names them too."""
    out = dict(territories)
    regions: dict[str, dict] = {}
    for (level, code), entry in territories.items():
        folder = exports_year / "department" / code
        if level != "department" or not (folder / "totals.json").exists():
            continue
        region = str(read_totals(folder)["export"]["region_code"])
        slot = regions.setdefault(region, {"names": set(), "source_mode": entry["source_mode"]})
        slot["names"].update(entry["names"])
    for region, slot in regions.items():
        names = sorted(slot["names"], key=french_sort_key)
        out[("region", region)] = {"names": names, "source_mode": slot["source_mode"]}
    return out


def render_many(
    exports_year: Path,
    areas: list[tuple[str, str]],
    territories: dict[tuple[str, str], dict] | None = None,
    workers: Workers | None = None,
    progress: Progress | None = None,
) -> list[tuple[str, str, float]]:
    """Render the fiches of `areas` whose key changed (datasets, territories, renderer); returns
    (level, code, seconds) per fiche rendered. France and the regions first: their comparison
    charts are mostly drawn before the départements that show them (a département that comes
    first draws the chart itself; the files are written atomically, the same either way)."""
    # pages drew their charts with plotly.js until 2026-11: its copy is no longer loaded. A
    # clean-up that cannot be done (a read-only folder) is never what fails the rendering
    with contextlib.suppress(OSError):
        (exports_year.parent / "plotly.min.js").unlink(missing_ok=True)
    territories = with_regions(territories or {}, exports_year)
    jobs = []
    for level, code in areas:
        listed = territories.get((level, code))
        key = page_key(exports_year, level, code, listed)
        if not is_current(exports_year, level, code, key):
            jobs.append((str(exports_year), level, code, json.dumps(listed), key))
    order = {"france": 0, "region": 1, "department": 2}
    jobs.sort(key=lambda job: order[job[1]])  # handed out in this order, one at a time
    with Workers() if workers is None else nullcontext(workers) as pool:
        return pool.run(_render_one, jobs, "fiches", progress)


def _render_territory(args: tuple[str, str, int, str, str]) -> str:
    from orchestration.fiches.territory_pages import TerritoryRow, render_territory

    exports_year, ti_id, year, rows_json, key = args
    rows = [TerritoryRow(*r) for r in json.loads(rows_json)]
    render_territory(ti_id, rows, Path(exports_year), year, key)
    return ti_id


def render_territories(exports_year: Path, year: int, rows: list, ti_ids: list[str],
                       workers: Workers | None = None,
                       progress: Progress | None = None) -> list[str]:  # fmt: skip
    """Entry pages (HTML, gathered PDF) of the given territories whose key changed."""
    from dataclasses import astuple

    from orchestration.fiches.territory_pages import territory_is_current, territory_key

    jobs = []
    for ti_id in ti_ids:
        key = territory_key(ti_id, rows, exports_year)
        if not territory_is_current(ti_id, exports_year, key):
            mine = [astuple(r) for r in rows if r.ti_id == ti_id]
            jobs.append((str(exports_year), ti_id, year, json.dumps(mine), key))
    with Workers() if workers is None else nullcontext(workers) as pool:
        return pool.run(_render_territory, jobs, "territoires", progress)


class FicheSelectionError(ValueError):
    """A fiche asked for that the year does not have; the message lists what it has."""


def render_selection(
    warehouse: Path,
    year: int,
    selection: tuple[str, str] | None = None,
    progress: Progress | None = None,
    say: Callable[[str], None] | None = None,
) -> dict:
    """Render the fiches of a built year: every area and territory, or one of them.

    `selection` is None (everything, with both index pages), ("department"|"region", code), or
    ("territoire", ti_id) (its départements' fiches and its entry page). The `fiches` asset and
    `territorial-trade fiches` both come here.
    """
    from orchestration.chart_datasets.store import exports_dir
    from orchestration.fiches.index import write_index
    from orchestration.fiches.territory_pages import (
        read_territories,
        territories_by_department,
        write_territories_index,
    )

    say = say or (lambda message: None)
    started = time.perf_counter()
    folder = exports_dir(warehouse, year)
    areas = sorted((p.parent.parent.name, p.parent.name) for p in folder.glob("*/*/totals.json"))
    if not areas:
        raise FicheSelectionError(
            f"no chart datasets under {folder}: run 'territorial-trade build --year {year}'"
        )
    territories = read_territories(warehouse)
    ti_ids = sorted({t.ti_id for t in territories})
    if selection is not None and selection[0] == "territoire":
        if selection[1] not in ti_ids:
            raise FicheSelectionError(
                f"no Territoire d'industrie {selection[1]!r} (ids look like ti-1101)"
            )
        ti_ids = [selection[1]]
        deps = {t.department_code for t in territories if t.ti_id == selection[1]}
        areas = [(lv, c) for lv, c in areas if lv == "department" and c in deps]
    elif selection is not None:
        if selection not in areas:
            known = ", ".join(c for lv, c in areas if lv == selection[0])
            raise FicheSelectionError(
                f"no {selection[0]} {selection[1]!r} in {year} (known: {known})"
            )
        areas, ti_ids = [selection], []
    rendered_territories = []
    with Workers() as workers:  # one set of processes for both kinds of page
        timings = render_many(folder, areas, territories_by_department(territories),
                              workers, progress)  # fmt: skip
        if ti_ids:
            rendered_territories = render_territories(folder, year, territories, ti_ids,
                                                      workers, progress)  # fmt: skip
    if ti_ids:
        write_territories_index(territories, folder, year)
    index = write_index(folder, year, territories=len({t.ti_id for t in territories}))
    seconds = time.perf_counter() - started
    say(
        f"{year}: {len(timings)} of {len(areas)} fiches and {len(rendered_territories)} of "
        f"{len(ti_ids)} territory pages rendered (the others unchanged) in {seconds:.1f} s"
    )
    return {"fiches": len(areas), "territories": len(ti_ids), "rendered": len(timings),
            "territories_rendered": len(rendered_territories), "seconds": round(seconds, 1),
            "index": index, "folder": folder}  # fmt: skip
