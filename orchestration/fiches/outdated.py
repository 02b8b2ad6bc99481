"""Pages whose chart datasets have changed since they were made: withdrawn when the datasets are
written, so that no fiche, territory page or index is ever shown from an older vintage.

The `fiches` asset renders them again from the new datasets; a build run with `--fiches none`
leaves them withdrawn until the next `territorial-trade fiches`, and the index pages say so.
A page is outdated when its key (what it was made from: `render.page_key`,
`territory_pages.territory_key`) no longer matches the one stamped beside it. Unchanged pages
are kept.
"""

from __future__ import annotations

from pathlib import Path

from orchestration.fiches.names import (
    LEGACY_FICHE_PDF,
    LEGACY_TERRITORY_PDF,
    fiche_pdf,
    territory_pdf,
)


def fiche_files(level: str, code: str, year: int) -> tuple[str, ...]:
    """The files of an area's fiche, the key first (never a stamp alone)."""
    return (".fiche.key", "fiche.html", fiche_pdf(level, code, year), ".fiche.pdf.json",
            LEGACY_FICHE_PDF)  # fmt: skip


def territory_files(ti_id: str, year: int) -> tuple[str, ...]:
    """The files of a territory's page, the key first."""
    return ".page.key", "index.html", territory_pdf(ti_id, year), LEGACY_TERRITORY_PDF


def withdraw_outdated(warehouse: Path, year: int) -> dict[str, list[str]]:
    """Remove the fiches and territory pages of `year` made from datasets that have changed,
    and write the year's index pages again if they exist. Returns what was withdrawn:
    {"fiches": ["level/code", ...], "territories": [ti_id, ...]}."""
    from orchestration.chart_datasets.store import exports_dir
    from orchestration.fiches.batch import with_regions
    from orchestration.fiches.index import write_index
    from orchestration.fiches.render import is_current, page_key
    from orchestration.fiches.territory_pages import (
        read_territories,
        territories_by_department,
        territory_is_current,
        territory_key,
        write_territories_index,
    )

    folder = exports_dir(warehouse, year)
    done: dict[str, list[str]] = {"fiches": [], "territories": []}
    areas = sorted(p.parent for p in folder.glob("*/*/totals.json"))
    pages = [
        a
        for a in areas
        if any((a / name).exists() for name in fiche_files(a.parent.name, a.name, year))
    ]
    territory_pages = sorted(
        p for p in (folder / "territoires").glob("*") if p.is_dir()
    ) if (folder / "territoires").is_dir() else []  # fmt: skip
    if not pages and not territory_pages:
        return done  # nothing rendered for this year: nothing to withdraw
    rows = read_territories(warehouse)
    listed = with_regions(territories_by_department(rows), folder)
    for area in pages:
        level, code = area.parent.name, area.name
        key = page_key(folder, level, code, listed.get((level, code)))
        if not is_current(folder, level, code, key):
            for name in fiche_files(level, code, year):
                (area / name).unlink(missing_ok=True)
            done["fiches"].append(f"{level}/{code}")
    known = {r.ti_id for r in rows}
    for page in territory_pages:  # after the fiches: a territory's key reads their stamps
        ti_id = page.name
        if not any((page / name).exists() for name in territory_files(ti_id, year)):
            continue
        if ti_id in known and territory_is_current(
            ti_id, folder, territory_key(ti_id, rows, folder)
        ):
            continue
        for name in territory_files(ti_id, year):
            (page / name).unlink(missing_ok=True)
        done["territories"].append(ti_id)
    if done["fiches"] or done["territories"]:
        if (folder / "index.html").exists():
            write_index(folder, year, territories=len(known))
        if (folder / "territoires" / "index.html").exists():
            write_territories_index(rows, folder, year)
    return done
