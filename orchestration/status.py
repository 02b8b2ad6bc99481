"""`territorial-trade status`: every year the warehouse has seen, and what became of it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from orchestration.ingest.register import load_rows
from orchestration.publish.publisher import (
    PublishError,
    current_manifest,
    published_loads,
    published_years,
)


@dataclass(frozen=True)
class LoadStatus:
    year: int
    load_id: str
    status: str  # promoted | superseded | rejected | pending | refused
    vintage: str
    rows: int | None  # None: refused before staging, nothing counted
    export_eur: int | None
    import_eur: int | None
    checks: str
    loaded_at: str
    published: bool


def year_status(warehouse: Path) -> list[LoadStatus]:
    """Every load of every year, oldest first (`ingest.register.load_rows`). `published` is true
    for the loads whose figures the current publication holds (the publication's manifest names
    them; for one made before it did, the promoted load of a published year)."""
    rows = load_rows(warehouse)
    if not rows:
        return []
    if publication_damage(warehouse) is not None:  # said below the table: nothing marked
        return [LoadStatus(*r[:9], published=False) for r in rows]
    loads = published_loads(warehouse)
    if loads is None:  # an older manifest: by year
        years = set(published_years(warehouse))
        return [LoadStatus(*r[:9], published=(r[2] == "promoted" and r[0] in years)) for r in rows]
    return [LoadStatus(*r[:9], published=r[1] in loads.get(r[0], set())) for r in rows]


def publication_damage(warehouse: Path) -> str | None:
    """What is wrong with the current publication's manifest, with the remedy; None if it reads
    (or nothing is published)."""
    try:
        current_manifest(warehouse)
    except PublishError as exc:
        return (f"publication: {exc}; 'territorial-trade publish' publishes a new, whole version "
                "(the damaged one is kept for inspection until pruned)")  # fmt: skip
    return None


def format_status(loads: list[LoadStatus]) -> str:
    if not loads:
        return "no year loaded yet: run 'territorial-trade build --year YYYY'"
    head = (f"{'year':<5} {'status':<10} {'vintage':<8} {'rows':>11} {'exports M€':>12} "
            f"{'imports M€':>12} {'published':<9} {'loaded at':<16} checks")  # fmt: skip
    lines = [head]
    for s in loads:
        rows, exports, imports = (
            ("–", "–", "–")
            if s.rows is None
            else (f"{s.rows:,}", f"{s.export_eur / 1e6:,.1f}", f"{s.import_eur / 1e6:,.1f}")
        )
        lines.append(
            f"{s.year:<5} {s.status:<10} {s.vintage:<8} {rows:>11} {exports:>12} "
            f"{imports:>12} {'yes' if s.published else 'no':<9} {s.loaded_at:<16} {s.checks}"
        )
    return "\n".join(lines)
