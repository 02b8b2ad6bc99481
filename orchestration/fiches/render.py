"""Render one area's fiche, in HTML and PDF (A4), from its chart dataset files: each chart drawn
once as SVG, inline in the page and placed in the PDF."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import cached_property, lru_cache
from html import escape
from pathlib import Path

import pandas as pd

from orchestration import files
from orchestration.chart_datasets.store import read_totals
from orchestration.charts import CHARTS, DATASETS
from orchestration.charts.base import FLOWS
from orchestration.charts.exposure import ENERGY_WEIGHS
from orchestration.charts.format import french_number, meur, percent, signed_meur
from orchestration.fiches.names import LEGACY_FICHE_PDF, fiche_pdf, year_of
from orchestration.fiches.pdf import compile_pdf
from orchestration.fiches.templating import environment
from orchestration.sections import SECTIONS, typst_source

MONACO = "99"  # listed by the customs as a département of Provence-Alpes-Côte d'Azur
RANK_SCOPE = {"department": " (départements français, Monaco à part)"}
LEVEL_KIND = {"department": "Département", "region": "Région", "france": "France entière"}


@dataclass(eq=False)
class AreaData:
    """An area's chart datasets. Read-only once loaded: `load_area` shares one instance between
    the fiches that compare with it (a region's, France's), and what is derived from the tables
    is computed once."""

    year: int
    level: str
    code: str
    folder: Path
    vintage: str
    tables: dict[str, pd.DataFrame]

    @cached_property
    def totals(self) -> dict[str, dict]:
        return {r["flow"]: r for r in self.records("totals")}

    @cached_property
    def name(self) -> str:
        return str(self.tables["totals"]["area_name"].iloc[0])

    @property
    def display_name(self) -> str:
        """Its name as a column heading: France's is « France entière »."""
        return self.name if self.level != "france" else "France entière"

    def records(self, name: str) -> list[dict]:
        """A table's rows as dicts (pandas' `to_dict(orient="records")`, done once per table)."""
        cache = self.__dict__.setdefault("_records", {})
        if name not in cache:
            cache[name] = self.tables[name].to_dict(orient="records")
        return cache[name]


def load_area(exports_year: Path, level: str, code: str) -> AreaData:
    """Read an area's chart datasets (the JSON files: typed, and they carry the vintage).

    Kept in memory while its files are unchanged (the digest of their bytes: reading them is
    cheap, parsing them is not), so the region and France that 101 fiches and 183 territory
    pages compare with are parsed once per process."""
    folder = exports_year / level / code
    texts = tuple((folder / f"{name}.json").read_bytes() for name in DATASETS)
    digest = hashlib.sha256(b"\0".join(texts)).hexdigest()
    return _parse_area(folder, level, code, digest, texts)


def _parse_area(folder: Path, level: str, code: str, digest: str, texts: tuple) -> AreaData:
    key = (folder, digest)
    if key not in _AREAS:
        if len(_AREAS) >= 64:
            _AREAS.pop(next(iter(_AREAS)))  # the oldest
        tables, meta = {}, {}
        for name, text in zip(DATASETS, texts, strict=True):
            data = json.loads(text)
            meta = data
            columns = None if data["rows"] else DATASETS[name]
            tables[name] = pd.DataFrame(data["rows"], columns=columns)
        _AREAS[key] = AreaData(int(meta["year"]), level, code, folder, meta["vintage"], tables)
    return _AREAS[key]


_AREAS: dict[tuple[Path, str], AreaData] = {}  # load_area's, by folder and digest of the files


def chart_path(name: str, data: AreaData, flow: str | None = None, variant: str = "") -> Path:
    """Where an area's chart is written: `charts/<chart>[_<flow>][_<variant>].svg`."""
    stem = "_".join(part for part in (name, flow, variant) if part)
    return data.folder / "charts" / f"{stem}.svg"


def draw_chart(name: str, data: AreaData, flow: str | None = None, small: bool = False,
               compact: int | None = None) -> str:  # fmt: skip
    """One chart of an area as SVG, written once in the area's `charts/` folder (the PDF places
    that file, the page inlines the same text) and kept while its datasets are unchanged.

    `small` charts are a département fiche's comparisons (its region's, France's): the same for
    every département of the region, so they are drawn once, in the region's and France's
    folders. `compact`: which of the chart's shorter drawings (`Chart.compact`), for the PDF.
    """
    chart = CHARTS[name]
    key = hashlib.sha256(renderer_version().encode())
    for dataset in chart.inputs(flow):
        key.update((data.folder / f"{dataset}.json").read_bytes())
    key = key.hexdigest()
    variant = "small" if small else "" if compact is None else f"compact{compact + 1}"
    path = chart_path(name, data, flow, variant)
    stamp = path.with_suffix(".key")
    if files.is_stamped(stamp, key, path):
        return path.read_text(encoding="utf-8")
    options = {} if compact is None else chart.compact[compact]
    svg = chart.draw(data.tables, flow, small, **options)
    files.write_bytes(path, svg.encode("utf-8"))
    files.write_bytes(stamp, key.encode())
    return svg


def _cell(column: str, value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if column.endswith("_eur"):
        return meur(value)
    if "share" in column:
        return percent(value)
    if column == "flow":
        return FLOW_TEXTS[value]["heading"]
    if isinstance(value, bool):
        return "oui" if value else ""
    return str(value)


def _figure(name: str, data: AreaData, page: AreaData, flow: str | None, small: bool,
            mode: str) -> str | None:  # fmt: skip
    """A chart as the page shows it (inline SVG with its accessible name, its data table
    collapsed below with a link to the CSV) or, for the PDF, the path of its SVG file; None when
    the chart has nothing to draw."""
    chart = CHARTS[name]
    inputs = chart.inputs(flow)
    if all(data.tables[d].empty for d in inputs):
        return None
    svg = draw_chart(name, data, flow, small)
    if mode == "pdf":
        return _pdf_path(chart_path(name, data, flow, "small" if small else ""), data)
    title = chart.titles.get(flow, chart.summary)
    label = f"{title}, {data.display_name} ({data.year})"
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
    table = chart.table or {}
    rows = _table_rows(data, inputs, tuple(table))
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in table.values())
    links = " ".join(
        f'<a href="{escape(_relative(data.folder / f"{d}.csv", page.folder))}">{escape(d)}.csv</a>'
        for d in inputs
    )
    return (
        f'<figure class="chart{" small" if small else ""}">'
        f'<div class="drawing" tabindex="0">{svg}</div>'
        f"<details><summary>Données du graphique « {escape(title)} »</summary>"
        f'<div class="scroll"><table class="data"><caption>{escape(label)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
        '<p class="csv">Télécharger les données (CSV pour tableur : point-virgule, virgule '
        f"décimale) : {links}</p>"
        f"</details></figure>"
    )


def _table_rows(data: AreaData, inputs: tuple[str, ...] | list[str],
                columns: tuple[str, ...]) -> str:  # fmt: skip
    """The rows of a chart's data table, as HTML: made once per area and chart (a region's and
    France's are shown on the page of each of their départements)."""
    cache = data.__dict__.setdefault("_table_rows", {})
    key = (tuple(inputs), columns)
    if key not in cache:
        rows = []
        for dataset in inputs:
            for record in data.records(dataset):
                cells = "".join(f"<td>{escape(_cell(c, record.get(c)))}</td>" for c in columns)
                rows.append(f"<tr>{cells}</tr>")
        cache[key] = "".join(rows)
    return cache[key]


def _pdf_path(path: Path, data: AreaData) -> str:
    """A file as the PDF's images name it: from the root of the year's exports."""
    return "/" + path.relative_to(data.folder.parent.parent).as_posix()


def charts_of(data: AreaData, mode: str, page: AreaData | None = None,
              small: bool = False) -> dict[str, str | None]:  # fmt: skip
    """Every chart of the registry for one area, by name (`<chart>_<flow>` for a per-flow
    chart; `<chart>_compact`, for the PDF, the paths of its shorter drawings): the templates place
    them. `small`: only the charts a comparison shows."""
    out: dict[str, str | None] = {}
    for name, chart in CHARTS.items():
        if chart.draw is None or (small and not chart.compared):
            continue
        for flow in FLOWS if chart.per_flow else (None,):
            key = f"{name}_{flow}" if flow else name
            out[key] = _figure(name, data, page or data, flow, small, mode)
            if mode == "pdf" and not small and out[key] is not None:
                shorter = []
                for i in range(len(chart.compact)):
                    draw_chart(name, data, flow, compact=i)
                    shorter.append(_pdf_path(chart_path(name, data, flow, f"compact{i + 1}"), data))
                out[f"{key}_compact"] = shorter
    return out


@lru_cache(maxsize=1)
def renderer_version() -> str:
    """A digest of the code and templates that draw a page (the fiches package, the charts, the
    sections):
    any change to them renders again."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    charts, sections = package.parent / "charts", package.parent / "sections"
    for path in sorted([*package.glob("*.py"), *(package / "templates").iterdir(),
                        *charts.glob("*.py"), *sections.glob("**/*.py"),
                        *sections.glob("**/section.*")]):  # fmt: skip
        digest.update(str(path.relative_to(package.parent)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


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


def _flow_section(area: AreaData, comparisons: list[AreaData], flow: str, mode: str) -> dict:
    """The Sankey section of one flow: the area's totals and shares, and its comparisons (the
    charts themselves are the registry's, placed by the template). A comparison whose links are
    the area's own (a region of one trading département) is left out: never the same chart
    twice."""
    t = area.totals[flow]
    own = area.tables[f"flows_{flow}"][["source_code", "target_code", "value_eur"]]
    shown = [c for c in comparisons
             if not c.tables[f"flows_{flow}"][["source_code", "target_code", "value_eur"]]
             .reset_index(drop=True).equals(own.reset_index(drop=True))]  # fmt: skip
    return {
        "key": flow,
        **FLOW_TEXTS[flow],
        "total": meur(t["value_eur"]),
        "share_region": (percent(t["share_of_region"], 1)
                         if t.get("share_of_region") is not None else None),
        "share_france": percent(t["share_of_france"], 2) if area.level != "france" else None,
        "comparisons": [
            {"name": c.display_name, "total": meur(c.totals[flow]["value_eur"]),
             "charts": charts_of(c, mode, page=area, small=True)}
            for c in shown
        ],
    }  # fmt: skip


def _top_activities(area: AreaData, shown: int = 10) -> list[dict]:
    """The first products of each flow (ten, or `shown`) with their share, for the lists beside
    the treemap."""
    blocks = []
    for flow, title in (("import", "Principaux biens importés"),
                        ("export", "Principaux biens exportés")):  # fmt: skip
        rows = sorted((r for r in area.records("activities") if r["flow"] == flow),
                      key=lambda r: r["rank"])[:shown]  # fmt: skip
        entries = [{"label": r["product_label"], "share": percent(r["share_of_flow"])}
                   for r in rows]  # fmt: skip
        blocks.append({"flow": flow, "title": title, "entries": entries})
    return blocks


def _links(area: AreaData, comparisons: list[AreaData]) -> list[dict]:
    exports_root = area.folder.parent.parent
    links = [
        {"href": _relative(exports_root / "index.html", area.folder), "text": "Toutes les fiches"}
    ]
    for c in comparisons:
        links.append({"href": _relative(c.folder / "fiche.html", area.folder),
                      "text": f"Fiche {c.display_name}"})  # fmt: skip
    return links


MEMBERS = {"region": ("department", "Les départements de la région", "de la région"),
           "france": ("region", "Les régions", "de la France")}  # fmt: skip


def _member_folders(exports_year: Path, level: str, code: str) -> list[Path]:
    """The folders of the areas a region (its départements) or France (its regions) is made of."""
    if level not in MEMBERS:
        return []
    out = []
    for folder in sorted((exports_year / MEMBERS[level][0]).glob("*")):
        totals = read_totals(folder)
        if totals is None:
            continue
        if level == "region" and str(totals["export"]["region_code"]) != code:
            continue
        out.append(folder)
    return out


def _members(area: AreaData) -> dict | None:
    """A region's départements or France's regions, by exports, with their figures and their
    share of the whole, each linked to its fiche."""
    folders = _member_folders(area.folder.parent.parent, area.level, area.code)
    if not folders:
        return None
    _, title, of_whole = MEMBERS[area.level]
    share = "share_of_region" if area.level == "region" else "share_of_france"
    rows = []
    for folder in folders:
        totals = read_totals(folder)
        e, i = totals["export"], totals["import"]
        rows.append({
            "code": folder.name, "name": e["area_name"], "value": e["value_eur"],
            "href": _relative(folder / "fiche.html", area.folder),
            "export": meur(e["value_eur"]), "export_share": percent(e[share], 1),
            "import": meur(i["value_eur"]), "import_share": percent(i[share], 1),
        })  # fmt: skip
    rows.sort(key=lambda r: (-r["value"], r["code"]))
    return {"title": title, "of_whole": of_whole, "rows": rows}


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


def _partner_rows(area: AreaData) -> list[dict]:
    return [
        {"rank": int(p["rank"]), "name": p["country_name"], "imports": meur(p["import_eur"]),
         "exports": meur(p["export_eur"]), "balance": signed_meur(p["balance_eur"]),
         "positive": p["balance_eur"] >= 0}
        for p in sorted(area.records("partners"), key=lambda p: p["rank"])
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


def _evolution(area: AreaData) -> dict:
    """« Évolution et exposition »: change on the headline figures, the years loaded, the last
    quarters, the exposure panel, the specialisation, the rank, the balance without energy."""
    evolution = area.tables["evolution"]
    exposure = {r["flow"]: r for r in area.records("exposure")}
    previous_year = area.year - 1
    years = [int(y) for y in evolution["year"]]
    has_previous = previous_year in years
    change = {}
    for flow in FLOWS:
        pct = _signed_percent(exposure.get(flow, {}).get("change_ratio")) if has_previous else None
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
        if area.level in LEVEL_NOUN and e["rank_in_level"] is not None:
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
        {"rank": int(r["rank"]), "label": r["product_label"], "share": percent(r["share_of_flow"]),
         "france": percent(r["france_share_of_flow"]),
         "index": f"×{french_number(r['specialisation_index'], 1)}"}
        for r in area.records("specialisation")
        if r["flow"] == "export" and r["specialisation_index"] > 1  # more present than in France
    ]  # fmt: skip
    return {
        "years": years,
        "single_year": len(years) <= 1,
        "first_year": years[0] if years else area.year,
        "change": change,
        "balance_change": balance_change,
        "panel": panel,
        "ranks": ranks,
        "rank_scope": RANK_SCOPE.get(area.level, ""),
        "unranked": area.level == "department" and area.code == MONACO and bool(exposure),
        "energy": energy,
        "specialisation": specialisation,
    }


def _sections(area: AreaData, comparisons: list[AreaData]) -> list[dict]:
    """The sections shown for the area, in order: each its name, its page part and its
    figures (`orchestration.sections`)."""
    shown = []
    for section in SECTIONS:
        data = section.context(area, comparisons)
        if data is not None:
            shown.append({"name": section.name, "html": section.html, "data": data})
    return shown


def fiche_context(area: AreaData, comparisons: list[AreaData], mode: str,
                  territories: dict | None = None, shared: dict | None = None) -> dict:  # fmt: skip
    """Everything the template shows: texts and figures formatted in French, and the charts.

    `shared`: what `shared_context` gave for the same area, to reuse between the page and
    the PDF (only the charts, the flows' sections and the links differ by `mode`)."""
    if shared is None:
        shared = shared_context(area, comparisons, territories)
    return {
        **shared,
        "mode": mode,
        "charts": charts_of(area, mode),
        "flows": [_flow_section(area, comparisons, flow, mode) for flow in ("export", "import")],
        "links": _links(area, comparisons) if mode == "html" else [],
    }


def shared_context(area: AreaData, comparisons: list[AreaData],
                   territories: dict | None = None) -> dict:  # fmt: skip
    """The part of `fiche_context` that is the same in the page and in the PDF."""
    region_name = area.totals["export"].get("region_name") if area.level == "department" else None
    return {
        "year": area.year,
        "vintage": area.vintage,
        "synthetic": "SYNTH" in area.vintage,
        "title": area.display_name,
        "area": {
            "name": area.name,
            "code": area.code,
            "id": f"{area.level}-{area.code}",
            "kind": LEVEL_KIND[area.level],
            "region_name": region_name,
            **_phrases(area.level),
        },
        "fmt": _key_figures(area),
        "evolution": _evolution(area),
        "sections": _sections(area, comparisons),
        "balance_positive": area.totals["export"]["balance_eur"] >= 0,
        "partners": _partner_rows(area),
        "top_activities": _top_activities(area),
        "top_activities_short": _top_activities(area, 5),
        "members": _members(area),
        "territories": (territories or {}).get("names", []),
        "territories_source": (territories or {}).get("source_mode"),
        "pdf_href": fiche_pdf(area.level, area.code, area.year),
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
    for member in _member_folders(exports_year, level, code):  # a region's départements...
        digest.update(member.name.encode() + (member / "totals.json").read_bytes())
    for folder in folders:
        for name in DATASETS:
            digest.update((folder / f"{name}.json").read_bytes())
    return digest.hexdigest()


def fiche_source(call: str) -> tuple[str | bytes, ...]:
    """The parts of a PDF that prints fiches, compiled as one source: the shared helpers, the
    sections' parts, `fiche(d)`, then `call` (the template that calls it: `fiche.typ`, or
    `territory.typ`)."""
    return ("common.typ", typst_source(), "fiche_body.typ", call)


# Beside a fiche, the context its PDF was compiled from, with the fiche's key: a territory's PDF
# holds the fiches of its départements and takes their contexts from here (building them again
# from the datasets cost as much as the territory's own compile).
PDF_CONTEXT = ".fiche.pdf.json"


def saved_pdf_context(folder: Path, key: str) -> dict | None:
    """The PDF context saved beside the fiche in `folder` if it was made from `key` (the fiche's
    `page_key` now), else None."""
    saved = folder / PDF_CONTEXT
    if not saved.exists():
        return None
    entry = json.loads(saved.read_bytes())
    return entry["context"] if entry.get("key") == key else None


def load_with_comparisons(exports_year: Path, level: str, code: str) -> tuple[AreaData, list]:
    """An area's datasets and those of the areas its fiche compares it with (its region's for a
    département, France's for all but France)."""
    area = load_area(exports_year, level, code)
    comparisons = []
    if level == "department":
        region_code = area.tables["totals"]["region_code"].iloc[0]
        comparisons.append(load_area(exports_year, "region", str(region_code)))
    if level != "france":
        comparisons.append(load_area(exports_year, "france", "FR"))
    return area, comparisons


def render_area(exports_year: Path, level: str, code: str, territories: dict | None = None,
                key: str | None = None) -> tuple[Path, Path]:  # fmt: skip
    """Write `fiche.html` and its PDF (`names.fiche_pdf`) in the area's folder, the PDF's context
    (`PDF_CONTEXT`), and the key they were made from (`.fiche.key`) once all are written."""
    area, comparisons = load_with_comparisons(exports_year, level, code)
    key = key or page_key(exports_year, level, code, territories)
    stamp = area.folder / ".fiche.key"
    stamp.unlink(missing_ok=True)
    shared = shared_context(area, comparisons, territories)
    html = (
        environment()
        .get_template("fiche.html.j2")
        .render(**fiche_context(area, comparisons, "html", shared=shared))
    )
    html_path = area.folder / "fiche.html"
    files.write_bytes(html_path, html.encode("utf-8"))
    context = fiche_context(area, comparisons, "pdf", shared=shared)
    pdf = compile_pdf(fiche_source("fiche.typ"), context, exports_year)
    pdf_path = area.folder / fiche_pdf(level, code, area.year)
    files.write_bytes(pdf_path, pdf)
    (area.folder / LEGACY_FICHE_PDF).unlink(missing_ok=True)  # the name before 2026-12-08
    saved = json.dumps({"key": key, "context": context}, ensure_ascii=False, default=str)
    files.write_bytes(area.folder / PDF_CONTEXT, saved.encode("utf-8"))
    files.write_bytes(stamp, key.encode())
    return html_path, pdf_path


def is_current(exports_year: Path, level: str, code: str, key: str) -> bool:
    """The area's fiche exists and was made from `key`."""
    folder = exports_year / level / code
    pdf = fiche_pdf(level, code, year_of(exports_year))
    return files.is_stamped(folder / ".fiche.key", key, folder / "fiche.html", folder / pdf)
