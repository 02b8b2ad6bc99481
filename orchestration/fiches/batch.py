"""Render many fiches, on every core: one process per core, areas handed out one by one."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import time
from collections.abc import Callable
from pathlib import Path

from orchestration.fiches.render import render_area, write_plotly_js


def _render_one(args: tuple[str, str, str, str]) -> tuple[str, str, float]:
    exports_year, level, code, territories = args
    started = time.perf_counter()
    render_area(Path(exports_year), level, code, json.loads(territories))
    return level, code, time.perf_counter() - started


def render_many(
    exports_year: Path,
    areas: list[tuple[str, str]],
    territories: dict[tuple[str, str], dict] | None = None,
    processes: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[tuple[str, str, float]]:
    """Render every (level, code); returns (level, code, seconds) per fiche."""
    write_plotly_js(exports_year.parent)
    territories = territories or {}
    jobs = [
        (str(exports_year), lv, code, json.dumps(territories.get((lv, code)))) for lv, code in areas
    ]
    processes = processes or min(os.cpu_count() or 1, len(jobs)) or 1
    if processes <= 1 or len(jobs) <= 1:
        return [_render_one(job) for job in jobs]
    done = []
    # spawn: a clean interpreter per worker (the caller may hold threads, e.g. Dagster's)
    with mp.get_context("spawn").Pool(processes) as pool:
        for result in pool.imap_unordered(_render_one, jobs):
            done.append(result)
            if progress and len(done) % 20 == 0:
                progress(f"{len(done)}/{len(jobs)} fiches rendered")
    return done


def _render_territory(args: tuple[str, str, int, str]) -> str:
    from orchestration.fiches.territory_pages import TerritoryRow, render_territory

    exports_year, ti_id, year, rows_json = args
    rows = [TerritoryRow(*r) for r in json.loads(rows_json)]
    render_territory(ti_id, rows, Path(exports_year), year)
    return ti_id


def render_territories(exports_year: Path, year: int, rows: list, ti_ids: list[str],
                       processes: int | None = None) -> list[str]:  # fmt: skip
    """Entry pages (HTML, gathered PDF) of the given territories, on every core."""
    from dataclasses import astuple

    mine = {t: [astuple(r) for r in rows if r.ti_id == t] for t in ti_ids}
    jobs = [(str(exports_year), t, year, json.dumps(mine[t])) for t in ti_ids]
    processes = processes or min(os.cpu_count() or 1, len(jobs)) or 1
    if processes <= 1 or len(jobs) <= 1:
        return [_render_territory(job) for job in jobs]
    with mp.get_context("spawn").Pool(processes) as pool:
        return list(pool.imap_unordered(_render_territory, jobs, chunksize=4))


class FicheSelectionError(ValueError):
    """A fiche asked for that the year does not have; the message lists what it has."""


def render_selection(
    warehouse: Path,
    year: int,
    selection: tuple[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
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

    say = progress or (lambda message: None)
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
    timings = render_many(folder, areas, territories_by_department(territories), progress=say)
    if ti_ids:
        render_territories(folder, year, territories, ti_ids)
        write_territories_index(territories, folder, year)
    index = write_index(folder, year, territories=len({t.ti_id for t in territories}))
    seconds = time.perf_counter() - started
    say(f"{year}: {len(timings)} fiches, {len(ti_ids)} territories in {seconds:.0f} s; {index}")
    return {"fiches": len(timings), "territories": len(ti_ids), "seconds": round(seconds, 1),
            "index": index, "folder": folder}  # fmt: skip
