"""`territorial-trade status`: every year the warehouse has seen, and what became of it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from orchestration.publish.publisher import published_loads, published_years
from orchestration.warehouse import connect, has_relation


@dataclass(frozen=True)
class LoadStatus:
    year: int
    load_id: str
    status: str  # promoted | superseded | rejected | pending
    vintage: str
    rows: int
    export_eur: int
    import_eur: int
    checks: str
    loaded_at: str
    published: bool


def year_status(warehouse: Path) -> list[LoadStatus]:
    """Every load of every year that reached staging (promoted, superseded by a later one,
    rejected by its checks), oldest first; `published` is true for the loads whose figures the
    current publication holds (the publication's manifest names them; for one made before it
    did, the promoted load of a published year)."""
    with connect(warehouse, read_only=True) as con:
        if not has_relation(con, "raw", "customs_loads", column="status"):
            return []
        rows = con.execute(
            """
            SELECT year, load_id, any_value(status), string_agg(DISTINCT vintage, ','),
                   sum(row_count), coalesce(sum(value_eur) FILTER (WHERE flow = 'E'), 0),
                   coalesce(sum(value_eur) FILTER (WHERE flow = 'I'), 0),
                   coalesce(any_value(checks), ''), strftime(max(loaded_at), '%Y-%m-%d %H:%M')
            FROM raw.customs_loads
            GROUP BY year, load_id
            ORDER BY year, max(loaded_at)
            """
        ).fetchall()
    loads = published_loads(warehouse)
    if loads is None:  # an older manifest: by year
        years = set(published_years(warehouse))
        return [LoadStatus(*r[:9], published=(r[2] == "promoted" and r[0] in years)) for r in rows]
    return [LoadStatus(*r[:9], published=r[1] in loads.get(r[0], set())) for r in rows]


def format_status(loads: list[LoadStatus]) -> str:
    if not loads:
        return "no year loaded yet: run 'territorial-trade build --year YYYY'"
    head = (f"{'year':<5} {'status':<10} {'vintage':<8} {'rows':>11} {'exports M€':>12} "
            f"{'imports M€':>12} {'published':<9} {'loaded at':<16} checks")  # fmt: skip
    lines = [head]
    for s in loads:
        lines.append(
            f"{s.year:<5} {s.status:<10} {s.vintage:<8} {s.rows:>11,} {s.export_eur / 1e6:>12,.1f} "
            f"{s.import_eur / 1e6:>12,.1f} {'yes' if s.published else 'no':<9} "
            f"{s.loaded_at:<16} {s.checks}"
        )
    return "\n".join(lines)
