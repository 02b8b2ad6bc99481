"""The index page of a year: every fiche with its headline figures, sortable, linked."""

from __future__ import annotations

from pathlib import Path

from orchestration import files
from orchestration.chart_datasets.store import (
    read_dependence_share,
    read_exposure,
    read_tariffs,
    read_totals,
)
from orchestration.charts.format import exposure_words, meur, percent, search_text, signed_meur
from orchestration.fiches.names import fiche_pdf, year_of
from orchestration.fiches.render import LEVEL_KIND
from orchestration.fiches.templating import environment
from orchestration.sections.tariffs import towards

LEVEL_ORDER = {"france": 0, "region": 1, "department": 2}


def index_rows(exports_year: Path) -> list[dict]:
    year = year_of(exports_year)
    rows = []
    for path in exports_year.glob("*/*/totals.json"):
        by_flow = read_totals(path.parent)
        e, i = by_flow["export"], by_flow["import"]
        exposure = read_exposure(path.parent).get("export", {})
        change = exposure.get("change_ratio")
        hhi = exposure.get("hhi_partners")
        level, code = e["level"], e["area_code"]
        rows.append({
            "level": level, "kind": LEVEL_KIND[level], "code": code,
            "name": e["area_name"] if level != "france" else "France entière",
            "region": e.get("region_name") or "",
            "export_eur": e["value_eur"], "export": meur(e["value_eur"]),
            "export_share_value": e["share_of_france"] or 0,
            "export_share": percent(e["share_of_france"], 2),
            "import_eur": i["value_eur"], "import_": meur(i["value_eur"]),
            "import_share_value": i["share_of_france"] or 0,
            "import_share": percent(i["share_of_france"], 2),
            "balance_eur": e["balance_eur"], "balance": signed_meur(e["balance_eur"]),
            "html": f"{level}/{code}/fiche.html",
            "pdf": f"{level}/{code}/{fiche_pdf(level, code, year)}",
            # withdrawn (its datasets changed) and not rendered again yet: no link to nothing
            "has_fiche": (path.parent / "fiche.html").exists(),
            "vintage": e["vintage"],
            "change_value": change if change is not None else "",
            "hhi_value": hhi if hhi is not None else "",
            **exposure_words(exposure),
        })  # fmt: skip
        r = rows[-1]
        dependent = read_dependence_share(path.parent)
        r["dependent_value"] = dependent if dependent is not None else ""
        r["dependent"] = percent(dependent) if dependent is not None else "n.d."
        tariffs = read_tariffs(path.parent)
        r["taxed_value"] = tariffs["exposed_share"] if tariffs else ""
        r["taxed"] = percent(tariffs["exposed_share"]) if tariffs else "n.d."
        r["towards"] = (towards(tariffs["partner_codes"], tariffs["partner_names"])
                        if tariffs else None)  # fmt: skip
        # what the filter matches: names and codes, never amounts
        fields = (r["code"], r["name"], r["region"], r["kind"])
        r["search"] = " ".join(search_text(t) for t in fields if t)
    rows.sort(key=lambda r: (LEVEL_ORDER[r["level"]], r["code"]))
    return rows


def write_index(exports_year: Path, year: int, territories: int = 0) -> Path:
    rows = index_rows(exports_year)
    vintage = ",".join(sorted({r["vintage"] for r in rows})) or "unknown"
    counts = {lv: sum(r["level"] == lv for r in rows) for lv in LEVEL_ORDER}
    towards_ = next((r["towards"] for r in rows if r["towards"]), None)
    html = environment().get_template("index.html.j2").render(
        year=year, rows=rows, counts=counts, vintage=vintage, synthetic="SYNTH" in vintage,
        territories=territories, taxed=f"Exportations taxées vers {towards_} (part)" if towards_
        else "Exportations taxées (part)",
    )  # fmt: skip
    path = exports_year / "index.html"
    files.write_bytes(path, html.encode("utf-8"))
    return path
