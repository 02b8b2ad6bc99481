"""Reading the marts of a year from the warehouse, writing chart datasets atomically."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pandas as pd

from orchestration import files
from orchestration.charts import CHARTS, QUERIES, area_datasets
from orchestration.charts.base import Marts
from orchestration.publish import about
from orchestration.publish.spreadsheet import excel_csv
from orchestration.warehouse import connect


def exports_dir(warehouse: Path, year: int) -> Path:
    return warehouse.parent / "exports" / str(year)


def area_dir(warehouse: Path, year: int, level: str, area: str) -> Path:
    return exports_dir(warehouse, year) / level / area


def read_marts(warehouse: Path, year: int, charts: list[str] | None = None) -> Marts:
    """The mart frames the charts of `year` read (`charts.QUERIES`; the evolution reads the
    years before as well): all of them, or those of the `charts` named and the totals."""
    wanted = (
        set(QUERIES)
        if charts is None
        else {"totals"} | {name for chart in charts for name in CHARTS[chart].queries}
    )
    with connect(warehouse, read_only=True) as con:
        return Marts(**{name: con.execute(sql, {"year": year} if "$year" in sql else []).df()
                        for name, sql in QUERIES.items() if name in wanted})  # fmt: skip


def area_keys(marts: Marts) -> list[tuple[str, str]]:
    """(level, area_code) of every area with trade that year, départements first."""
    order = {"department": 0, "region": 1, "france": 2}
    keys = {(r.level, r.area_code) for r in marts.totals.itertuples()}
    return sorted(keys, key=lambda k: (order[k[0]], k[1]))


def _clean(value):
    """A JSON-ready value: None for NaN and pandas' missing values, Python for numpy scalars."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        return _clean(value.item())
    return value


def dataset_json(meta: dict, name: str, table: pd.DataFrame) -> str:
    """The dataset as JSON: its meta first, then one row per line (readable, and written by the
    C encoder: an indented document goes through json's pure-Python one, 5x slower)."""
    head = json.dumps({**meta, "dataset": name}, ensure_ascii=False)[:-1]
    rows = ",\n".join(
        json.dumps({k: _clean(v) for k, v in row.items()}, ensure_ascii=False)
        for row in table.to_dict(orient="records")
    )
    return f'{head}, "rows": [\n{rows}\n]}}\n' if rows else f'{head}, "rows": []}}\n'


def write_dataset(folder: Path, name: str, table: pd.DataFrame, meta: dict) -> list[Path]:
    """`<name>.csv` (the table, for a spreadsheet: `;`, decimal comma, UTF-8 with BOM, CRLF) and
    `<name>.json` (meta and rows)."""
    csv_path, json_path = folder / f"{name}.csv", folder / f"{name}.json"
    files.write_bytes(csv_path, excel_csv(table))  # opens right in a French Excel
    files.write_text(json_path, dataset_json(meta, name, table))
    return [csv_path, json_path]


def read_vintage(warehouse: Path, year: int) -> str:
    """The data vintage of a year (`YYYYMM`, `SYNTH`), from `marts.dim_years`."""
    with connect(warehouse, read_only=True) as con:
        row = con.execute("SELECT vintage FROM marts.dim_years WHERE year = ?", [year]).fetchone()
    return row[0] if row else "unknown"


def read_totals(area_folder: Path) -> dict[str, dict] | None:
    """An area's headline figures by flow (`totals.json`), or None if it has none this year."""
    path = area_folder / "totals.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return {row["flow"]: {**row, "vintage": data["vintage"]} for row in data["rows"]}


def read_exposure(area_folder: Path) -> dict[str, dict]:
    """An area's change and exposure figures by flow (`exposure.json`), or {} if it has none."""
    path = area_folder / "exposure.json"
    if not path.exists():
        return {}
    return {row["flow"]: row for row in json.loads(path.read_text(encoding="utf-8"))["rows"]}


def read_dependence_share(area_folder: Path) -> float | None:
    """The share of an area's imports that its dependent products make (`dependence.json`):
    0 when none is dependent, None when the file is missing."""
    path = area_folder / "dependence.json"
    if not path.exists():
        return None
    rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
    return rows[0]["dependent_share"] if rows else 0.0


def read_tariffs(area_folder: Path) -> dict | None:
    """An area's figures under the tariff file's first scenario (`tariffs.json`), or None."""
    path = area_folder / "tariffs.json"
    if not path.exists():
        return None
    rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
    return rows[0] if rows else None


def _complete(warehouse: Path, year: int) -> bool:
    """Whether the year has chart datasets to update in part: some area has its `totals.json`
    (written last for an area). Without any, a partial write (`charts`) writes them all."""
    folder = exports_dir(warehouse, year)
    return any(folder.glob("*/*/totals.json"))


def write_year_datasets(warehouse: Path, year: int, charts: list[str] | None = None
                        ) -> tuple[int, int, str]:  # fmt: skip
    """Every chart dataset of `year` (or those of the `charts` named), for every area, from the
    marts: (areas, files, vintage).

    What the `chart_datasets` asset does, and `territorial-trade fiches` for a year loaded by a
    range build (whose chart datasets were not written)."""
    if charts is not None and not _complete(warehouse, year):
        charts = None  # the other datasets are not there to keep: write them all
    marts = read_marts(warehouse, year, charts)
    vintage = read_vintage(warehouse, year)
    keys = area_keys(marts)
    if not keys:
        raise ValueError(f"no trade for {year} in the marts: build the year first")
    written = 0
    for level, area in keys:
        meta = {"year": year, "level": level, "area_code": area, "vintage": vintage,
                "source": "DGDDI, statistiques départementales du commerce extérieur"}  # fmt: skip
        folder = area_dir(warehouse, year, level, area)
        for name, table in area_datasets(marts, level, area, year, charts).items():
            written += len(write_dataset(folder, name, table, meta))
        files.write_text(folder / README, readme_text(year, vintage))
    remove_stale_areas(warehouse, year, keys)
    return len(keys), written, vintage


LEVELS = ("department", "region", "france")


def remove_stale_areas(warehouse: Path, year: int, keys: list[tuple[str, str]]) -> list[str]:
    """Remove the folders (datasets and fiche) of areas that the marts of `year` no longer hold,
    such as a département a revision dropped: no fiche is ever left from an older vintage. Each
    folder is first moved out of the year's folder in one rename (so a reader or a kill never
    meets half of it), then deleted. Returns the areas removed, as `level/code`."""
    folder = exports_dir(warehouse, year)
    wanted = set(keys)
    aside = folder.parent / ".stale"
    shutil.rmtree(aside, ignore_errors=True)  # left by a removal that was interrupted
    removed = []
    for level in LEVELS:
        if not (folder / level).is_dir():
            continue
        for area in sorted(p for p in (folder / level).iterdir() if p.is_dir()):
            if (level, area.name) in wanted or area.name.startswith("."):
                continue
            aside.mkdir(exist_ok=True)
            area.rename(aside / f"{year}-{level}-{area.name}")
            removed.append(f"{level}/{area.name}")
    shutil.rmtree(aside, ignore_errors=True)
    return removed


README = "LISEZ-MOI.txt"


def readme_text(year: int, vintage: str) -> str:
    """What every area folder says about its files: source, licence, vintage, how to cite,
    synthetic or not (a CSV copied alone carries none of it)."""
    lines = [
        f"Jeux de données des graphiques, année {year}, millésime {vintage}.",
        f"Source : {about.SOURCE}.",
        f"Licence : {about.LICENCE}.",
        f"Citer : {about.citation(vintage)}",
    ]
    if about.SYNTHETIC_VINTAGE in vintage:
        lines.insert(0, "DONNÉES SYNTHÉTIQUES : ce ne sont pas des statistiques officielles.")
    return "\r\n".join(lines) + "\r\n"
