"""Territoires d'industrie in the fiches: which territories a département fiche lists, and one
entry page per territory (HTML, and a PDF gathering its départements' fiches)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from orchestration import files
from orchestration.chart_datasets.store import read_exposure, read_totals
from orchestration.charts.format import exposure_words, meur, percent
from orchestration.fiches.locator_map import geometry_digest, write_locator_map
from orchestration.fiches.names import LEGACY_TERRITORY_PDF, fiche_pdf, territory_pdf, year_of
from orchestration.fiches.templating import environment
from orchestration.warehouse import connect


@dataclass(frozen=True)
class TerritoryRow:
    ti_id: str
    ti_name: str
    department_code: str
    region_code: str
    share: float
    is_main: bool
    source_mode: str

    @property
    def order_key(self) -> tuple:
        """The territory's main département first, then by the share of the territory held."""
        return (not self.is_main, -self.share, self.ti_name)


def read_territories(warehouse: Path) -> list[TerritoryRow]:
    with connect(warehouse, read_only=True) as con:
        rows = con.execute(
            "SELECT ti_id, ti_name, department_code, region_code, department_share, "
            "is_main_department, source_mode FROM marts.dim_territoires_industrie "
            "ORDER BY ti_id, department_share DESC"
        ).fetchall()
    return [TerritoryRow(*r) for r in rows]


def territories_by_department(rows: list[TerritoryRow]) -> dict[tuple[str, str], dict]:
    """For each département, its territories: those it is the main département of first, then
    the others by the share of the territory it holds; with the list's source mode."""
    by_dep: dict[str, list[TerritoryRow]] = {}
    for row in rows:
        by_dep.setdefault(row.department_code, []).append(row)

    return {
        ("department", dep): {
            "names": [r.ti_name for r in sorted(items, key=lambda r: r.order_key)],
            "source_mode": items[0].source_mode,
        }
        for dep, items in by_dep.items()
    }


def territory_context(ti_id: str, rows: list[TerritoryRow], exports_year: Path, year: int,
                      mode: str) -> dict:  # fmt: skip
    """What a territory's entry page shows."""
    mine = sorted((r for r in rows if r.ti_id == ti_id), key=lambda r: r.order_key)
    if not mine:
        raise KeyError(f"no territory {ti_id!r} in marts.dim_territoires_industrie")
    folder = exports_year / "territoires" / ti_id
    departments = []
    for r in mine:
        area = exports_year / "department" / r.department_code
        figures = None
        by_flow = read_totals(area)
        if by_flow is not None:
            e, i = by_flow["export"], by_flow["import"]
            figures = {
                "name": e["area_name"], "region": e["region_name"],
                "export": meur(e["value_eur"]), "import_": meur(i["value_eur"]),
                "export_share_france": percent(e["share_of_france"], 2),
                "import_share_france": percent(i["share_of_france"], 2),
                "vintage": e["vintage"],
                **exposure_words(read_exposure(area).get("export", {})),
            }  # fmt: skip
        departments.append({
            "code": r.department_code, "region_code": r.region_code,
            "share": percent(r.share, 0), "is_main": r.is_main, "figures": figures,
            "html": Path(os.path.relpath(area / "fiche.html", folder)).as_posix(),
            "pdf": Path(os.path.relpath(area / fiche_pdf("department", r.department_code, year),
                                        folder)).as_posix(),
        })  # fmt: skip
    vintages = {d["figures"]["vintage"] for d in departments if d["figures"]}
    vintage = ",".join(sorted(vintages)) or "unknown"
    return {
        "mode": mode, "year": year, "ti_id": ti_id, "ti_name": mine[0].ti_name,
        "departments": departments,
        "regions": sorted({d["figures"]["region"] for d in departments if d["figures"]}),
        "source_mode": mine[0].source_mode, "vintage": vintage,
        "synthetic": "SYNTH" in vintage,
        "map": "map.svg" if mode == "html" else f"/territoires/{ti_id}/map.svg",
        "index": Path(os.path.relpath(exports_year / "territoires" / "index.html", folder))
        .as_posix(),
    }  # fmt: skip


def territory_key(ti_id: str, rows: list[TerritoryRow], exports_year: Path) -> str:
    """What a territory's page is made of: its rows, its départements' figures and fiches (the
    gathered PDF holds them), the geometry and the renderer. Equal keys, equal pages."""
    from orchestration.fiches.render import renderer_version

    digest = hashlib.sha256(renderer_version().encode())
    digest.update(geometry_digest().encode())
    for r in sorted((r for r in rows if r.ti_id == ti_id), key=lambda r: r.order_key):
        digest.update(repr(r).encode())
        area = exports_year / "department" / r.department_code
        for name in ("totals.json", "exposure.json", ".fiche.key"):
            if (area / name).exists():
                digest.update((area / name).read_bytes())
    return digest.hexdigest()


def territory_is_current(ti_id: str, exports_year: Path, key: str) -> bool:
    folder = exports_year / "territoires" / ti_id
    return files.is_stamped(folder / ".page.key", key, folder / "index.html",
                            folder / territory_pdf(ti_id, year_of(exports_year)))  # fmt: skip


def render_territory(ti_id: str, rows: list[TerritoryRow], exports_year: Path, year: int,
                     key: str | None = None) -> Path:  # fmt: skip
    """Write `territoires/<id>/index.html` and its PDF (`names.territory_pdf`: its page, then
    the fiches of its départements, main first, compiled as one document from the fiches'
    contexts and chart files), then the key they were made from (`.page.key`)."""
    from orchestration.fiches.pdf import compile_pdf
    from orchestration.fiches.render import (
        fiche_context,
        fiche_source,
        load_with_comparisons,
        page_key,
        saved_pdf_context,
    )

    key = key or territory_key(ti_id, rows, exports_year)
    folder = exports_year / "territoires" / ti_id
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / ".page.key"
    stamp.unlink(missing_ok=True)
    map_key = folder / "map.key"
    (folder / "map.png").unlink(missing_ok=True)  # the raster map drawn until 2026-11-30
    if not files.is_stamped(map_key, geometry_digest(), folder / "map.svg"):
        write_locator_map(ti_id, folder / "map.svg")
        files.write_bytes(map_key, geometry_digest().encode())
    template = environment().get_template("territory.html.j2")
    html = template.render(**territory_context(ti_id, rows, exports_year, year, "html"))
    files.write_bytes(folder / "index.html", html.encode("utf-8"))
    context = territory_context(ti_id, rows, exports_year, year, "pdf")
    # one document: the territory's page, then its départements' fiches (main first), each
    # département once; page numbers run on and each fiche's title is a bookmark
    context["fiches"] = []
    for dep in dict.fromkeys(d["code"] for d in context["departments"]):
        dep_folder = exports_year / "department" / dep
        if (dep_folder / "totals.json").exists():
            listed = territories_by_department(rows).get(("department", dep))
            # the context its fiche was compiled from, when made from the same inputs as now
            fiche = saved_pdf_context(dep_folder, page_key(exports_year, "department", dep, listed))
            if fiche is None:
                area, comparisons = load_with_comparisons(exports_year, "department", dep)
                fiche = fiche_context(area, comparisons, "pdf", listed)
            context["fiches"].append(fiche)
    pdf = compile_pdf(fiche_source("territory.typ"), context, exports_year)
    files.write_bytes(folder / territory_pdf(ti_id, year), pdf)
    (folder / LEGACY_TERRITORY_PDF).unlink(missing_ok=True)  # the name before 2026-12-08
    files.write_bytes(stamp, key.encode())
    return folder / "index.html"


def write_territories_index(rows: list[TerritoryRow], exports_year: Path, year: int) -> Path:

    by_id: dict[str, list[TerritoryRow]] = {}
    for r in rows:
        by_id.setdefault(r.ti_id, []).append(r)
    entries = [
        {"id": ti_id, "name": items[0].ti_name,
         "has_page": (exports_year / "territoires" / ti_id / "index.html").exists(),
         "pdf": territory_pdf(ti_id, year),
         "departments": ", ".join(r.department_code for r in
                                  sorted(items, key=lambda r: r.order_key))}
        for ti_id, items in sorted(by_id.items(), key=lambda kv: kv[1][0].ti_name)
    ]  # fmt: skip
    html = environment().get_template("territories_index.html.j2").render(rows=entries, year=year)
    path = exports_year / "territoires" / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    files.write_bytes(path, html.encode("utf-8"))
    return path
