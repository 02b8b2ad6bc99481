"""The fiches: the numbers printed are the marts' numbers, in French; offline; A4; readable."""

from __future__ import annotations

import re
from html import unescape

import duckdb
import pytest
from pypdf import PdfReader

from orchestration.charts.format import meur, percent
from orchestration.fiches.names import fiche_pdf
from tests.pdf_layout import check_fiche_pdf, check_territory_pdf


@pytest.fixture(scope="module")
def exports(hand_built):
    return hand_built.parent / "exports"


@pytest.fixture(scope="module")
def expected_92(hand_built) -> list[str]:
    """The headline strings of Hauts-de-Seine, formatted from the marts."""
    with duckdb.connect(str(hand_built), read_only=True) as con:
        t = {
            (lv, a): r
            for lv, a, *r in con.execute(
                "SELECT level, area_code, export_eur, import_eur, export_share_of_region, "
                "import_share_of_region, export_share_of_france, import_share_of_france "
                "FROM marts.trade_totals"
            ).fetchall()
        }
    e, i, esr, isr, esf, isf = t[("department", "92")]
    return [
        f"Total des exportations : {meur(e)}",
        f"soit {percent(esr, 1)} de la valeur exportée par la région Île-de-France",
        f"soit {percent(esf, 2)} de la valeur exportée au niveau national",
        f"Total des importations : {meur(i)}",
        f"soit {percent(isr, 1)} de la valeur importée par la région Île-de-France",
        f"soit {percent(isf, 2)} de la valeur importée au niveau national",
        f"Total des exportations : {meur(t[('region', '11')][0])}",
        f"Total des exportations : {meur(t[('france', 'FR')][0])}",
        f"Total des importations : {meur(t[('france', 'FR')][1])}",
    ]


def _flat(text: str) -> str:
    """Whitespace of any kind (no-break spaces, line breaks) as single spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def test_html_fiche_prints_the_marts_numbers(exports, expected_92):
    html = (exports / "2024" / "department" / "92" / "fiche.html").read_text(encoding="utf-8")
    text = _flat(unescape(re.sub(r"<[^>]+>", " ", html)))
    for line in expected_92:
        assert _flat(line) in text, line
    assert "31 723,3 M€" not in text  # the hand-made year is not the calibrated one


def test_pdf_fiche_prints_the_marts_numbers_and_sections(exports, expected_92):
    pdf = exports / "2024" / "department" / "92" / "fiche-92-2024.pdf"
    reader = PdfReader(str(pdf))
    text = _flat(" ".join(page.extract_text() for page in reader.pages))
    for line in expected_92:
        assert _flat(line) in text, line
    for section in ["Introduction", "Contexte et méthodologie", "Précisions méthodologiques",
                    "Balance commerciale territoriale", "Principales activités à l'import et à",
                    "Exportations", "Importations", "Informations pratiques",
                    "Flux à l'export par produit et par pays, Hauts-de-Seine",
                    "Flux à l'import par pays et par produit, Hauts-de-Seine",
                    "Flux à l'export, Île-de-France", "Flux à l'export, France entière",
                    "Source : DGDDI", "millésime des données 202501"]:  # fmt: skip
        assert _flat(section) in text, section
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert len(reader.pages) >= 3
    fonts = {f["/BaseFont"].split("+")[-1] for p in reader.pages
             for f in (p["/Resources"].get("/Font") or {}).values()}  # fmt: skip
    assert fonts and all(f.startswith("LiberationSans") for f in fonts), fonts


def test_every_area_has_both_fiches_and_the_index_lists_them(exports):
    year = exports / "2024"
    areas = [p.parent for p in year.glob("*/*/totals.json")]
    assert len(areas) >= 10
    index = (year / "index.html").read_text(encoding="utf-8")
    for folder in areas:
        assert (folder / "fiche.html").stat().st_size > 10_000
        pdf = fiche_pdf(folder.parent.name, folder.name, 2024)
        assert (folder / pdf).read_bytes().startswith(b"%PDF")
        assert not (folder / "fiche.pdf").exists()  # the name before: two downloads collided
        rel = f"{folder.parent.name}/{folder.name}/fiche.html"
        assert f'href="{rel}"' in index
    assert not (exports / "plotly.min.js").exists()  # charts are inline SVG: no script at all


# The practical information's links (the seed's): followed by a reader, never loaded by a page.
EXTERNAL_LINKS = {"https://anct.gouv.fr", "https://anct.gouv.fr/actualites",
                  "https://www.entreprises.gouv.fr/la-dge/actualites",
                  "mailto:territoires-industrie@anct.gouv.fr"}  # fmt: skip


def test_no_page_loads_anything_outside_the_exports_folder(exports):
    """Nothing a page loads (scripts, images, styles) comes from elsewhere: a folder copied
    alone works offline; the only external addresses are the practical information's links."""
    pages = list(exports.rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script src" not in html and '<link rel="stylesheet"' not in html, page
        assert not re.search(r"""src\s*=\s*["']?\s*(https?:)?//""", html), page
        for ref in re.findall(r"""(?:src|href)="([^"]+)\"""", html):
            if ref.startswith("data:"):  # inline (the empty favicon): nothing to fetch
                continue
            if ref.startswith(("http", "mailto:")):
                assert ref in EXTERNAL_LINKS, (page, ref)
                continue
            target = (page.parent / ref).resolve()
            assert target.is_relative_to(exports.resolve()), (page, ref)
            assert target.exists(), (page, ref)


def _svg_texts(svg: str) -> str:
    return " ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg))


def test_few_partners_and_products_render_without_autres(exports):
    """The page inlines the very SVG the PDF places (one drawing per chart)."""
    year = exports / "2024"
    html = (year / "department" / "92" / "fiche.html").read_text(encoding="utf-8")
    for flow in ("export", "import"):
        own = (year / "department" / "92" / "charts" / f"flows_{flow}.svg").read_text("utf-8")
        assert own[own.index("<svg") + 4 :] in html
        assert "Autres" not in _svg_texts(own)
        france = (year / "france" / "FR" / "charts" / f"flows_{flow}_small.svg").read_text("utf-8")
        assert france[france.index("<svg") + 4 :] in html
        assert "Autres produits" in _svg_texts(france) or flow == "import"
    own_13 = (year / "department" / "13" / "charts" / "flows_export.svg").read_text("utf-8")
    assert "Autres pays" in _svg_texts(own_13) and "Autres produits" in _svg_texts(own_13)


def test_pdf_text_size_links_metadata_and_the_territory_document(exports):
    """A fiche's PDF: text of 6.5 pt or more, the practical links clickable, a title; a
    territory's PDF: its page then each of its départements' fiches once, a bookmark each, page
    numbers that run on. (Empty space is measured on the demo's pages: the hand-made year's
    charts are too small to fill a page.)"""
    year = exports / "2024"
    check_fiche_pdf(year / "department" / "92" / "fiche-92-2024.pdf", max_empty=1.0)
    check_fiche_pdf(year / "region" / "11" / "fiche-region-11-2024.pdf", max_empty=1.0)
    html = (year / "territoires" / "ti-1101" / "index.html").read_text(encoding="utf-8")
    names = [unescape(n).strip() for n in re.findall(r"<tr>\s*<td>([^<(]+) \(\w+\)", html)]
    assert len(names) >= 2
    layout = check_territory_pdf(
        year / "territoires" / "ti-1101" / "territoire-ti-1101-2024.pdf", names
    )
    assert layout.pages >= 1 + 4 * len(names)


def test_a_territory_pdf_takes_its_fiches_contexts_as_they_were_compiled(exports, hand_built,
                                                                         tmp_path):  # fmt: skip
    """Beside each fiche, the context its PDF was compiled from and the key it was made from; a
    territory's PDF prints that context when the key is the fiche's key now, and builds it again
    from the datasets otherwise."""
    import json
    import shutil

    from orchestration.fiches.render import (
        PDF_CONTEXT,
        fiche_context,
        load_with_comparisons,
        page_key,
        saved_pdf_context,
    )
    from orchestration.fiches.territory_pages import (
        read_territories,
        render_territory,
        territories_by_department,
    )

    year = tmp_path / "2024"
    shutil.copytree(exports / "2024", year)
    rows = read_territories(hand_built)
    listed = territories_by_department(rows)[("department", "92")]
    folder = year / "department" / "92"
    key = page_key(year, "department", "92", listed)
    area, comparisons = load_with_comparisons(year, "department", "92")
    fresh = fiche_context(area, comparisons, "pdf", listed)
    assert saved_pdf_context(folder, key) == json.loads(json.dumps(fresh, default=str))
    assert saved_pdf_context(folder, "another key") is None

    ti_id = sorted({r.ti_id for r in rows if r.department_code == "92"})[0]
    pdf = year / "territoires" / ti_id / f"territoire-{ti_id}-2024.pdf"
    saved = json.loads((folder / PDF_CONTEXT).read_text(encoding="utf-8"))
    saved["context"]["title"] = "Hauts-de-Seine, contexte enregistré"
    for made_from, used in ((key, True), ("an older key", False)):
        saved["key"] = made_from
        (folder / PDF_CONTEXT).write_text(json.dumps(saved), encoding="utf-8")
        render_territory(ti_id, rows, year, 2024)
        text = _flat(" ".join(p.extract_text() for p in PdfReader(str(pdf)).pages))
        assert ("contexte enregistré" in text) == used, made_from
        assert "Hauts-de-Seine" in text


def test_a_region_lists_its_departements_and_france_its_regions(exports):
    region = (exports / "2024" / "region" / "11" / "fiche.html").read_text(encoding="utf-8")
    for code in ("75", "92", "95"):
        assert f'href="../../department/{code}/fiche.html"' in region
    france = (exports / "2024" / "france" / "FR" / "fiche.html").read_text(encoding="utf-8")
    assert "Les régions" in france and 'href="../../region/11/fiche.html"' in france


def _page_texts(exports, level: str, code: str) -> tuple[str, str]:
    folder = exports / "2024" / level / code
    html = (folder / "fiche.html").read_text(encoding="utf-8")
    html = _flat(unescape(re.sub(r"<[^>]+>", " ", html)))
    pdf = PdfReader(str(folder / fiche_pdf(level, code, 2024)))
    pdf = _flat(" ".join(p.extract_text() for p in pdf.pages))
    return html, pdf


def test_the_tariff_panel_prints_the_first_scenario_beside_region_and_france(exports, hand_built):
    """Bouches-du-Rhône, Provence-Alpes-Côte d'Azur and France under the file's first scenario:
    the duties' shares from the marts, the most taxed products with their rate."""
    with duckdb.connect(str(hand_built), read_only=True) as con:
        shares = dict(con.execute(
            "SELECT area_id, duties_share FROM marts.tariff_exposure WHERE scenario_order = 1 "
            "AND area_id IN ('department:13', 'region:93', 'france:FR')"
        ).fetchall())  # fmt: skip
    html, pdf = _page_texts(exports, "department", "13")
    for text in (html, pdf):
        assert "Exposition aux droits de douane" in text
        assert "Les exportations du département vers les États-Unis" in text
        row = " ".join(_flat(percent(shares[a], 2)) for a in
                       ("department:13", "region:93", "france:FR"))  # fmt: skip
        assert f"part des exportations {row}" in text  # the duties' share, the table's last row
        steel = "Produits sidérurgiques de base et ferroalliages (2410) < 0,1 M€ 50,0 %"
        assert _flat(steel) in text
        assert "à flux constants" in text
    assert set(shares) == {"department:13", "region:93", "france:FR"}


def test_the_dependence_panel_sets_the_area_beside_region_and_france(exports):
    """Hauts-de-Seine depends on China for its semiconductors (2611: 300 € imported, none
    exported); Île-de-France also on Norway for its gas (0620, Paris); France only on the gas,
    since Bouches-du-Rhône exports semiconductors: 1, 2 and 1 products."""
    html, pdf = _page_texts(exports, "department", "92")
    for text in (html, pdf):
        assert "1 produit importé dans le département remplit les trois critères" in text
        assert "Produits dépendants 1 2 1" in text
        assert "(2611)" in text


def test_a_single_departement_region_is_not_set_beside_itself(exports):
    """Guadeloupe (971) is its region's only département: its panels compared it with
    « Guadeloupe | Guadeloupe | France entière »; now with France alone."""
    html, pdf = _page_texts(exports, "department", "971")
    for text in (html, pdf):
        assert "Dépendances à l'import" in text
        assert "Guadeloupe Guadeloupe" not in text
        assert "Guadeloupe France entière" in text  # the panel's column headings


def test_a_leftover_clean_up_never_fails_the_rendering(tmp_path, monkeypatch):
    """`fiches` on a read-only folder died removing the old `plotly.min.js` copy; a clean-up
    that cannot be done is skipped (the pages' own writes say what is wrong, if anything)."""
    from pathlib import Path

    from orchestration.fiches.batch import render_many

    exports_year = tmp_path / "exports" / "2024"
    exports_year.mkdir(parents=True)
    leftover = tmp_path / "exports" / "plotly.min.js"
    leftover.write_text("/* plotly */")
    unlink = Path.unlink

    def read_only(self, missing_ok=False):
        if self.name == "plotly.min.js":
            raise PermissionError(13, "Permission denied", str(self))
        return unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", read_only)
    assert render_many(exports_year, []) == []
    assert leftover.exists()
