"""Render one area's fiche, in HTML (interactive) and PDF (A4), from its chart dataset files."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from orchestration import files
from orchestration.chart_datasets.store import read_totals
from orchestration.charts import CHARTS, DATASETS
from orchestration.charts.base import FLOWS
from orchestration.charts.exposure import ENERGY_WEIGHS
from orchestration.fiches.format import french_number, meur, percent, signed_meur
from orchestration.fiches.pdf import compile_pdf
from orchestration.fiches.templating import environment

LEVEL_KIND = {"department": "Département", "region": "Région", "france": "France entière"}


@dataclass
class AreaData:
    year: int
    level: str
    code: str
    folder: Path
    vintage: str
    tables: dict[str, pd.DataFrame]

    @property
    def totals(self) -> dict[str, dict]:
        return {r["flow"]: r for r in self.tables["totals"].to_dict(orient="records")}

    @property
    def name(self) -> str:
        return str(self.tables["totals"]["area_name"].iloc[0])


def load_area(exports_year: Path, level: str, code: str) -> AreaData:
    """Read an area's chart datasets (the JSON files: typed, and they carry the vintage)."""
    folder = exports_year / level / code
    tables, meta = {}, {}
    for name in DATASETS:
        data = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        meta = data
        columns = None if data["rows"] else DATASETS[name]
        tables[name] = pd.DataFrame(data["rows"], columns=columns)
    return AreaData(int(meta["year"]), level, code, folder, meta["vintage"], tables)


_SMALL_DIVS: dict[str, str] = {}  # comparison Sankeys' plotly divs, by dataset digest


def draw_chart(kind: str, data: AreaData, mode: str, flow: str | None = None,
               small: bool = False) -> str:  # fmt: skip
    """One chart of an area: a plotly div for HTML; for the PDF ("pdf" mode), an SVG file in
    the area's `charts/` folder, whose path (from the year folder) is returned.

    `small` charts are a département fiche's comparison Sankeys (its region's, France's): the
    same for every département, so they are drawn once, as files in the region's and France's
    folders, and kept while their dataset is unchanged.
    """
    if mode != "pdf" and not small:
        return _draw(kind, data, mode, flow, small)
    key = hashlib.sha256(renderer_version().encode())
    for dataset in CHARTS[kind].inputs(flow):
        key.update((data.folder / f"{dataset}.json").read_bytes())
    key = key.hexdigest()
    if mode != "pdf":
        if key not in _SMALL_DIVS:  # the same for every département of the region: drawn once
            _SMALL_DIVS[key] = _draw(kind, data, mode, flow, small)
        return _SMALL_DIVS[key]
    name = f"{kind}_{flow}" if flow else kind
    name += "_small" if small else ""
    path = data.folder / "charts" / f"{name}.svg"
    stamp = path.with_suffix(".key")
    if not files.is_stamped(stamp, key, path):
        files.write_bytes(path, _draw(kind, data, mode, flow, small).encode("utf-8"))
        files.write_bytes(stamp, key.encode())
    return "/" + path.relative_to(data.folder.parent.parent).as_posix()


@lru_cache(maxsize=1)
def renderer_version() -> str:
    """A digest of the code and templates that draw a page (the fiches package, the charts):
    any change to them renders again."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    charts = package.parent / "charts"
    for path in sorted([*package.glob("*.py"), *(package / "templates").iterdir(),
                        *charts.glob("*.py")]):  # fmt: skip
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _draw(kind: str, data: AreaData, mode: str, flow: str | None, small: bool) -> str:
    chart = CHARTS[kind]
    if mode == "pdf":
        return chart.static(data.tables, flow, small)
    div_id = f"sankey-{flow}-{data.level}-{data.code}" if flow else kind
    return chart.interactive(data.tables, flow, small, div_id)


def _phrases(level: str) -> dict[str, str]:
    if level == "department":
        return {
            "scale_phrase": "départementale",
            "of_phrase": "du département",
            "in_phrase": "dans le département",
            "from_phrase": "depuis le département",
        }
    if level == "region":
        return {
            "scale_phrase": "régionale",
            "of_phrase": "de la région",
            "in_phrase": "dans la région",
            "from_phrase": "depuis la région",
        }
    return {"scale_phrase": "nationale", "of_phrase": "de la France",
            "in_phrase": "en France", "from_phrase": "depuis la France"}  # fmt: skip


def _relative(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target, start)).as_posix()


FLOW_TEXTS = {
    "export": {
        "heading": "Exportations",
        "intro": (
            "Le graphique suivant représente les flux d'exportations (quel produit est exporté "
            "vers quel pays) : les dix premiers biens exportés et les dix principaux pays "
            "acheteurs. La catégorie « autres » comprend les biens et les pays au-delà de ces "
            "dix premiers. Les cinq principaux flux sont représentés en rouge."
        ),
        "title": "Flux à l'export par produit et par pays",
        "short_title": "Flux à l'export",
        "noun": "exportations",
        "participle": "exportée",
        "key_text": "Figurent à gauche les principaux biens exportés, à droite les pays de "
        "destination.",
    },
    "import": {
        "heading": "Importations",
        "intro": (
            "Le graphique suivant représente les flux d'importations (quel pays vend quel "
            "produit) : les dix principaux pays vendeurs et les dix premiers biens importés. "
            "La catégorie « autres » comprend les pays et les biens au-delà de ces dix "
            "premiers. Les cinq principaux flux sont représentés en rouge."
        ),
        "title": "Flux à l'import par pays et par produit",
        "short_title": "Flux à l'import",
        "noun": "importations",
        "participle": "importée",
        "key_text": "Figurent à gauche les principaux pays d'origine, à droite les biens importés.",
    },
}


def _display_name(area: AreaData) -> str:
    return area.name if area.level != "france" else "France entière"


def _flow_section(area: AreaData, comparisons: list[AreaData], flow: str, mode: str) -> dict:
    """The Sankey section of one flow: the area's chart, totals and shares, and the charts of
    its region and France beside it."""
    t = area.totals[flow]
    empty = None if mode == "pdf" else "<p>Aucun échange.</p>"
    chart = draw_chart("flows", area, mode, flow) if t["value_eur"] else empty
    return {
        "key": flow,
        **FLOW_TEXTS[flow],
        "total": meur(t["value_eur"]),
        "share_region": (percent(t["share_of_region"], 1)
                         if t.get("share_of_region") is not None else None),
        "share_france": percent(t["share_of_france"], 2) if area.level != "france" else None,
        "chart": chart,
        "comparisons": [
            {"name": _display_name(c), "total": meur(c.totals[flow]["value_eur"]),
             "chart": draw_chart("flows", c, mode, flow, small=True)}
            for c in comparisons
        ],
    }  # fmt: skip


def _top_activities(activities) -> list[dict]:
    """The ten first products of each flow with their share, for the lists beside the treemap."""
    blocks = []
    for flow, title in (("import", "Principaux biens importés"),
                        ("export", "Principaux biens exportés")):  # fmt: skip
        rows = activities[activities.flow == flow].sort_values("rank").head(10)
        entries = [{"label": r.product_label, "share": percent(r.share_of_flow)}
                   for r in rows.itertuples()]  # fmt: skip
        blocks.append({"flow": flow, "title": title, "entries": entries})
    return blocks


def _links(area: AreaData, comparisons: list[AreaData]) -> list[dict]:
    exports_root = area.folder.parent.parent
    links = [
        {"href": _relative(exports_root / "index.html", area.folder), "text": "Toutes les fiches"}
    ]
    for c in comparisons:
        links.append({"href": _relative(c.folder / "fiche.html", area.folder),
                      "text": f"Fiche {_display_name(c)}"})  # fmt: skip
    return links


def _key_figures(area: AreaData) -> dict:
    """The headline figures, formatted in French."""
    export, import_ = area.totals["export"], area.totals["import"]
    in_region = area.level == "department"
    not_france = area.level != "france"
    return {
        "export_total": meur(export["value_eur"]),
        "import_total": meur(import_["value_eur"]),
        "export_share_region": percent(export["share_of_region"], 1) if in_region else None,
        "import_share_region": percent(import_["share_of_region"], 1) if in_region else None,
        "export_share_france": percent(export["share_of_france"], 2) if not_france else None,
        "import_share_france": percent(import_["share_of_france"], 2) if not_france else None,
        "balance": signed_meur(export["balance_eur"]),
    }


def _partner_rows(partners) -> list[dict]:
    return [
        {"rank": int(p.rank), "name": p.country_name, "imports": meur(p.import_eur),
         "exports": meur(p.export_eur), "balance": signed_meur(p.balance_eur),
         "positive": p.balance_eur >= 0}
        for p in partners.sort_values("rank").itertuples()
    ]  # fmt: skip


LEVEL_NOUN = {"department": ("département", "exportateur", "importateur", "1er"),
              "region": ("région", "exportatrice", "importatrice", "1re")}  # fmt: skip


def _ordinal(rank: int, level: str) -> str:
    return LEVEL_NOUN[level][3] if rank == 1 else f"{rank}e"


def _signed_percent(fraction: float | None) -> str | None:
    if fraction is None or pd.isna(fraction):
        return None
    sign = "+" if fraction > 0 else ("−" if fraction < 0 else "")
    return sign + percent(abs(fraction), 1)


def _evolution(area: AreaData, mode: str) -> dict:
    """« Évolution et exposition »: change on the headline figures, the years loaded, the last
    quarters, the exposure panel, the specialisation, the rank, the balance without energy."""
    evolution = area.tables["evolution"]
    exposure = {r["flow"]: r for r in area.tables["exposure"].to_dict(orient="records")}
    previous_year = area.year - 1
    years = [int(y) for y in evolution["year"]]
    has_previous = previous_year in years
    change = {}
    for flow in FLOWS:
        pct = _signed_percent(exposure.get(flow, {}).get("change_pct")) if has_previous else None
        change[flow] = f"{pct} par rapport à {previous_year}" if pct else None
    balance_change = None
    if has_previous:
        rows = evolution.set_index("year")["balance_eur"]
        delta = int(rows[area.year] - rows[previous_year])
        balance_change = f"{signed_meur(delta)} par rapport à {previous_year}"
    panel, ranks = [], []
    for flow in FLOWS:
        e = exposure.get(flow)
        if not e or not e["value_eur"]:
            continue
        panel.append({
            "flow": flow, "title": FLOW_TEXTS[flow]["heading"],
            "first_partner": (f"{e['first_partner_name']} ({percent(e['first_partner_share'])})"
                              if e["first_partner_name"] else "n.d."),
            "us": percent(e["us_share"]), "cn": percent(e["cn_share"]),
            "gb": percent(e["gb_share"]), "eu27": percent(e["eu27_share"]),
            "partners": f"{e['partners_concentration']} ({e['n_partners']} pays, indice "
                        f"{french_number(e['hhi_partners'], 2)})",
            "products": f"{e['products_concentration']} ({e['n_products_cpf4']} produits, indice "
                        f"{french_number(e['hhi_products_cpf4'], 2)})",
            "cagr": _signed_percent(e["cagr_5y"]),
        })  # fmt: skip
        if area.level in LEVEL_NOUN:
            noun, exporter, importer, _ = LEVEL_NOUN[area.level]
            ranks.append(f"{_ordinal(e['rank_in_level'], area.level)} {noun} "
                         f"{exporter if flow == 'export' else importer} sur "
                         f"{e['areas_in_level']}")  # fmt: skip
    energy = None
    shares = [exposure[f]["energy_share"] for f in FLOWS if f in exposure]
    if any(s is not None and s >= ENERGY_WEIGHS for s in shares):
        excl = {f: exposure[f]["value_excl_energy_eur"] for f in FLOWS if f in exposure}
        energy = {
            "shares": {f: percent(exposure[f]["energy_share"]) for f in exposure},
            "balance": signed_meur(excl.get("export", 0) - excl.get("import", 0)),
        }
    specialisation = [
        {"rank": int(r.rank), "label": r.product_label, "share": percent(r.share_of_flow),
         "france": percent(r.france_share_of_flow),
         "index": f"×{french_number(r.specialisation_index, 1)}"}
        for r in area.tables["specialisation"].itertuples() if r.flow == "export"
    ]  # fmt: skip
    return {
        "years": years,
        "single_year": len(years) <= 1,
        "first_year": years[0] if years else area.year,
        "change": change,
        "balance_change": balance_change,
        "chart": draw_chart("evolution", area, mode) if len(years) > 1 else None,
        "quarters_chart": (
            draw_chart("quarters", area, mode) if len(area.tables["quarters"]) else None
        ),
        "panel": panel,
        "ranks": ranks,
        "energy": energy,
        "specialisation": specialisation,
    }


def fiche_context(area: AreaData, comparisons: list[AreaData], mode: str,
                  territories: dict | None = None) -> dict:  # fmt: skip
    """Everything the template shows: texts and figures formatted in French, and the charts."""
    region_name = area.totals["export"].get("region_name") if area.level == "department" else None
    exports_root = area.folder.parent.parent
    return {
        "mode": mode,
        "year": area.year,
        "vintage": area.vintage,
        "synthetic": "SYNTH" in area.vintage,
        "title": _display_name(area),
        "area": {
            "name": area.name,
            "code": area.code,
            "kind": LEVEL_KIND[area.level],
            "region_name": region_name,
            **_phrases(area.level),
        },
        "fmt": _key_figures(area),
        "evolution": _evolution(area, mode),
        "balance_positive": area.totals["export"]["balance_eur"] >= 0,
        "partners": _partner_rows(area.tables["partners"]),
        "charts": {
            "partners": draw_chart("partners", area, mode),
            "activities": draw_chart("activities", area, mode),
        },
        "top_activities": _top_activities(area.tables["activities"]),
        "flows": [_flow_section(area, comparisons, flow, mode) for flow in ("export", "import")],
        "territories": (territories or {}).get("names", []),
        "territories_source": (territories or {}).get("source_mode"),
        "links": _links(area, comparisons) if mode == "html" else [],
        "plotly_js": _relative(exports_root.parent / "plotly.min.js", area.folder),
    }


def page_key(exports_year: Path, level: str, code: str, territories: dict | None) -> str:
    """What a fiche is made of: its datasets and its comparisons', its territories, the renderer.

    Equal keys, equal pages: `render_area` skips a fiche whose key has not changed.
    """
    folders = [exports_year / level / code]
    if level == "department":
        region_code = read_totals(folders[0])["export"]["region_code"]
        folders.append(exports_year / "region" / str(region_code))
    if level != "france":
        folders.append(exports_year / "france" / "FR")
    digest = hashlib.sha256(renderer_version().encode())
    digest.update(json.dumps(territories, sort_keys=True).encode())
    for folder in folders:
        for name in DATASETS:
            digest.update((folder / f"{name}.json").read_bytes())
    return digest.hexdigest()


def render_area(exports_year: Path, level: str, code: str, territories: dict | None = None,
                key: str | None = None) -> tuple[Path, Path]:  # fmt: skip
    """Write `fiche.html` and `fiche.pdf` in the area's folder, and the key they were made from
    (`.fiche.key`) once both are written."""
    area = load_area(exports_year, level, code)
    comparisons = []
    if level == "department":
        region_code = area.tables["totals"]["region_code"].iloc[0]
        comparisons.append(load_area(exports_year, "region", str(region_code)))
    if level != "france":
        comparisons.append(load_area(exports_year, "france", "FR"))
    key = key or page_key(exports_year, level, code, territories)
    stamp = area.folder / ".fiche.key"
    stamp.unlink(missing_ok=True)
    html = (
        environment()
        .get_template("fiche.html.j2")
        .render(**fiche_context(area, comparisons, "html", territories))
    )
    html_path = area.folder / "fiche.html"
    files.write_bytes(html_path, html.encode("utf-8"))
    pdf = compile_pdf("fiche.typ", fiche_context(area, comparisons, "pdf", territories),
                      exports_year)  # fmt: skip
    pdf_path = area.folder / "fiche.pdf"
    files.write_bytes(pdf_path, pdf)
    files.write_bytes(stamp, key.encode())
    return html_path, pdf_path


def is_current(exports_year: Path, level: str, code: str, key: str) -> bool:
    """The area's fiche exists and was made from `key`."""
    folder = exports_year / level / code
    return files.is_stamped(folder / ".fiche.key", key, folder / "fiche.html", folder / "fiche.pdf")


def write_plotly_js(exports_root: Path) -> Path:
    """plotly.js, once, beside the year folders: every page loads it from there, offline."""
    from plotly.offline import get_plotlyjs

    path = exports_root / "plotly.min.js"
    text = get_plotlyjs()
    if not path.exists() or path.stat().st_size != len(text.encode("utf-8")):
        exports_root.mkdir(parents=True, exist_ok=True)
        files.write_bytes(path, text.encode("utf-8"))
    return path
