"""The register of loads (`raw.customs_loads`, `raw.refused_loads`) as read by the rest of the
project: what became of every load, and the vintage promoted for a year. The loads write it
(`load.py`); nothing outside `orchestration/ingest/` reads `raw`."""

from __future__ import annotations

from pathlib import Path

from orchestration.warehouse import connect, has_relation


def load_rows(warehouse: Path) -> list[tuple]:
    """Every load of every year, oldest first, as (year, load_id, status, vintage, rows,
    export_eur, import_eur, checks, loaded_at): promoted, superseded by a later one, rejected by
    its checks, or refused before staging (`raw.refused_loads`: a bad archive or line, a
    revision that drops a département; no figures, `rows` None)."""
    with connect(warehouse, read_only=True) as con:
        if not has_relation(con, "raw", "customs_loads", column="status"):
            return []
        refused = (
            """
            UNION ALL
            SELECT year, 'refused-' || strftime(refused_at, '%Y%m%dT%H%M%S'), 'refused', vintage,
                   NULL, NULL, NULL, reason, strftime(refused_at, '%Y-%m-%d %H:%M'), refused_at
            FROM raw.refused_loads
            """
            if has_relation(con, "raw", "refused_loads", column="reason")
            else ""
        )
        return con.execute(
            f"""
            SELECT * EXCLUDE (decided) FROM (
                SELECT year, load_id, any_value(status), string_agg(DISTINCT vintage, ','),
                       sum(row_count), coalesce(sum(value_eur) FILTER (WHERE flow = 'E'), 0),
                       coalesce(sum(value_eur) FILTER (WHERE flow = 'I'), 0),
                       coalesce(any_value(checks), ''),
                       strftime(max(loaded_at), '%Y-%m-%d %H:%M'), max(loaded_at) AS decided
                FROM raw.customs_loads
                GROUP BY year, load_id
                {refused}
            )
            ORDER BY year, decided
            """
        ).fetchall()


def promoted_vintage(warehouse: Path, year: int) -> str | None:
    """The vintage promoted for `year`, or None if the year is not loaded."""
    if not warehouse.exists():
        return None
    with connect(warehouse, read_only=True) as con:
        if not has_relation(con, "raw", "customs_loads"):
            return None
        row = con.execute(
            "SELECT max(vintage) FROM raw.customs_loads WHERE year = ? AND status = 'promoted'",
            [year],
        ).fetchone()
    return row[0] if row else None


def promoted_years(warehouse: Path) -> list[int]:
    """The years with a promoted load, in order (none without a warehouse or a register)."""
    if not warehouse.exists():
        return []
    with connect(warehouse, read_only=True) as con:
        if not has_relation(con, "raw", "customs_loads", column="status"):
            return []
        rows = con.execute("SELECT DISTINCT year FROM raw.customs_loads "
                           "WHERE status = 'promoted' ORDER BY year").fetchall()  # fmt: skip
    return [year for (year,) in rows]
