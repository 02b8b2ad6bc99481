"""The charts, drawn once as SVG for the page and the PDF: well-formed, every figure of the
dataset on them, values on hover, labels inside their tiles and never overlapping, axes with
round ticks. Small tables, checked by hand."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from orchestration.charts import activities, evolution, flows, partners, quarters
from orchestration.charts.draw import spread
from orchestration.charts.svg import nice_ticks, text_width, tick_decimals, wrap_to_width
from tests.svg_layout import cut, overlaps, smallest_font

NS = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # raises on a malformed document
    assert root.tag == f"{NS}svg"
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))
    return root


def _texts(root: ET.Element) -> list[str]:
    """Each <text>, its lines joined by a space (French number spaces as plain ones)."""
    return [
        " ".join(span.text or "" for span in t.iter(f"{NS}tspan"))
        .replace("\u00a0", " ")
        .replace("\u202f", " ")
        for t in root.iter(f"{NS}text")
    ]


def _diamonds(root: ET.Element) -> list[str]:
    """The balance markers' colours, the legend's two (green, red) last."""
    return [p.get("fill") for p in root.iter(f"{NS}path") if p.get("stroke") == "white"]


def _titles(root: ET.Element) -> list[str]:
    """What the shapes tell on hover."""
    return [t.text.replace("\u00a0", " ") for t in root.iter(f"{NS}title")]


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [(0, 9.3, [0, 2, 4, 6, 8, 10]), (-3, 47, [-10, 0, 10, 20, 30, 40, 50]),
     (0, 0, [0, 1]), (0, 0.3, [0, 0.1, 0.2, 0.3])],
)  # fmt: skip
def test_nice_ticks_are_round_and_cover_the_range(low, high, expected):
    assert nice_ticks(low, high, 6) == expected


def test_small_ticks_keep_their_decimals():
    assert tick_decimals([0, 0.25, 0.5]) == 2
    assert tick_decimals([0, 0.1]) == 1
    assert tick_decimals([0, 5000, 10000]) == 0


def test_text_is_measured_with_the_font():
    assert text_width("WWWW", 8) > text_width("iiii", 8) > 0
    assert text_width("Allemagne", 16) == pytest.approx(2 * text_width("Allemagne", 8))
    assert wrap_to_width("Produits de la culture et de l'élevage", 7, 60) == [
        "Produits de la", "culture et de", "l'élevage"]  # fmt: skip
    assert wrap_to_width("Anticonstitutionnellement", 7, 30) is None


def test_partners_chart_names_every_country_and_marks_each_balance():
    table = pd.DataFrame({
        "rank": [1, 2, 3], "country_code": ["DE", "US", "CN"],
        "country_name": ["Allemagne", "États-Unis", "Chine"],
        "import_eur": [5e9, 1e9, 3e9], "export_eur": [2e9, 4e9, 0.0],
        "balance_eur": [-3e9, 3e9, -3e9], "trade_eur": [7e9, 5e9, 3e9],
        "balance_sign": ["negative", "positive", "negative"],
    })  # fmt: skip
    root = _parse(partners.draw({"partners": table}))
    texts = _texts(root)
    assert {"Allemagne", "États-Unis", "Chine"} <= set(texts)
    # ticks in French, absolute values on both sides of zero
    assert {"0", "2 000", "4 000"} <= set(texts)
    # one marker per country, red, green, red from the top, then the legend's: both colours
    assert _diamonds(root) == ["#d62f2f", "#2e9e4f", "#d62f2f", "#2e9e4f", "#d62f2f"]
    assert {"Solde excédentaire", "Solde déficitaire"} <= set(texts)
    assert "États-Unis, exportations : 4 000,0 M€" in _titles(root)
    assert "Allemagne, solde : −3 000,0 M€" in _titles(root)


def test_treemap_labels_fit_their_tiles():
    table = pd.DataFrame({
        "flow": ["export"] * 3 + ["import"] * 2, "rank": [1, 2, 3, 1, 2],
        "product_level": "A129",
        "product_code": ["C28B", "C10A", "C26A", "B06Z", "C20B"],
        "product_label": ["Machines et équipements d'usage général", "Viandes",
                          "Composants électroniques", "Hydrocarbures naturels",
                          "Produits chimiques de base"],
        "value_eur": [60.0, 30.0, 0.5, 80.0, 20.0],
        "share_of_flow": [60 / 90.5, 30 / 90.5, 0.5 / 90.5, 0.8, 0.2],
        "flow_total_eur": [90.5] * 3 + [100.0] * 2,
    })  # fmt: skip
    root = _parse(activities.draw({"activities": table}))
    rects = [r for r in root.iter(f"{NS}rect")]
    assert len(rects) == 5
    texts = _texts(root)
    assert "Importations" in texts and "Exportations" in texts
    labelled = [t for t in root.iter(f"{NS}text") if t.get("fill") == "white"]
    assert any("Hydrocarbures naturels" in " ".join(s.text for s in t) for t in labelled)
    for text in labelled:  # each label inside the tile it starts in
        size = float(text.get("font-size"))
        spans = list(text.iter(f"{NS}tspan"))
        x, y = float(spans[0].get("x")), float(spans[0].get("y"))
        tile = next(
            r
            for r in rects
            if float(r.get("x")) <= x <= float(r.get("x")) + float(r.get("width"))
            and float(r.get("y")) <= y <= float(r.get("y")) + float(r.get("height"))
        )
        right = float(tile.get("x")) + float(tile.get("width"))
        bottom = float(tile.get("y")) + float(tile.get("height"))
        for span in spans:
            assert x + text_width(span.text, size) <= right
        assert float(spans[-1].get("y")) <= bottom
    # the smallest tile (0.5 of 90.5) has no room for its label: it tells it on hover
    assert not any("Composants" in t for t in texts)
    assert any(t.startswith("Exportations, Composants électroniques") for t in _titles(root))


def test_sankey_labels_every_node_with_its_total():
    links = pd.DataFrame({
        "flow": "export", "source_side": "product",
        "source_code": ["C28B", "C28B", "AUTRES"], "source_label": ["Machines", "Machines",
                                                                    "Autres produits"],
        "source_rank": [1, 1, 2], "target_code": ["DE", "US", "DE"],
        "target_label": ["Allemagne", "États-Unis", "Allemagne"], "target_rank": [1, 2, 1],
        "value_eur": [3_000_000_000, 1_000_000_000, 500_000_000],
        "is_top_link": [True, False, False],
    })  # fmt: skip
    root = _parse(flows.sankey(links))
    texts = set(_texts(root))
    assert {"Machines (4 000 M€)", "Autres produits (500 M€)", "Allemagne (3 500 M€)",
            "États-Unis (1 000 M€)"} <= texts  # fmt: skip
    fills = [p.get("fill") for p in root.iter(f"{NS}path")]
    assert fills == ["#c9c9c9", "#c9c9c9", "#d62f2f"]  # the grey bands, then the highlighted one
    assert len(list(root.iter(f"{NS}rect"))) == 4  # one per node
    assert "Machines → Allemagne : 3 000,0 M€" in _titles(root)
    assert "Machines : 4 000,0 M€ (88,9 %)" in _titles(root)


def test_evolution_and_quarters_charts_show_every_period():
    table = pd.DataFrame({"year": [2022, 2023, 2024], "export_eur": [5e9, 6e9, 4e9],
                              "import_eur": [4e9, 7e9, 3e9],
                              "balance_eur": [1e9, -1e9, 1e9]})  # fmt: skip
    root = _parse(evolution.draw({"evolution": table}))
    assert {"2022", "2023", "2024", "millions d'euros"} <= set(_texts(root))
    assert _diamonds(root)[:-2] == ["#2e9e4f", "#d62f2f", "#2e9e4f"]
    table = pd.DataFrame({"year": [2024] * 4, "quarter": [1, 1, 2, 2],
                             "flow": ["export", "import"] * 2, "value_eur": [1e9, 2e9, 3e9, 4e9],
                             "change_ratio_same_quarter_previous_year": None})  # fmt: skip
    root = _parse(quarters.draw({"quarters": table}))
    assert {"T1 2024", "T2 2024"} <= set(_texts(root))
    bars = [r for r in root.iter(f"{NS}rect") if r.get("fill") in ("#7b3f9e", "#2f6db5")]
    heights = sorted(float(r.get("height")) for r in bars[:-2])  # not the two legend boxes
    assert heights[-1] == pytest.approx(4 * heights[0])  # 4 000 M€ against 1 000 M€


def _links(n_left: int, n_right: int, small_share: float) -> pd.DataFrame:
    """A Sankey of `n_left` x `n_right` nodes, the first of each side holding nearly everything
    and the others `small_share` of it each: the labels of the small nodes crowd together."""
    rows = []
    for i in range(n_left):
        for j in range(n_right):
            big = (1 if i == 0 else small_share) * (1 if j == 0 else small_share)
            rows.append({
                "flow": "export", "source_side": "product", "source_code": f"P{i}",
                "source_label": f"Produits de la catégorie numéro {i} aux libellés longs",
                "source_rank": i + 1, "target_code": f"C{j}",
                "target_label": f"Pays partenaire {j}", "target_rank": j + 1,
                "value_eur": max(int(big * 1e10), 1), "is_top_link": i + j < 2,
            })  # fmt: skip
    return pd.DataFrame(rows)


@pytest.mark.parametrize("small", [False, True])
def test_sankey_labels_never_overlap_nor_leave_the_drawing(small):
    """Eleven nodes a side, ten of them tiny: their labels are spread with leader lines and,
    when they need more room than the chart has, the chart grows; nothing is cut."""
    links = _links(11, 11, 0.001)
    svg = flows.draw({"flows_export": links}, "export", small)
    assert overlaps(svg) == []
    assert cut(svg) == []
    assert smallest_font(svg) >= 6.5
    root = _parse(svg)
    leaders = [line for line in root.iter(f"{NS}line") if line.get("stroke") == "#888888"]
    assert leaders  # displaced labels point at their nodes


def test_the_layout_checks_find_overlaps_and_cuts():
    """The checks the sweep relies on can fail: two labels drawn on one another, one past the
    right edge."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50">'
        '<text font-size="8" text-anchor="start"><tspan x="10" y="20">Allemagne</tspan></text>'
        '<text font-size="8" text-anchor="start"><tspan x="14" y="22">Belgique</tspan></text>'
        '<text font-size="8" text-anchor="start"><tspan x="80" y="40">Royaume-Uni</tspan></text>'
        "</svg>"
    )
    assert overlaps(svg) == [("Allemagne", "Belgique")]
    assert cut(svg) == ["Royaume-Uni"]


def test_labels_are_spread_apart_within_their_bounds():
    placed = spread([10, 11, 12, 95], [10, 10, 10, 10], 0, 100)
    assert placed == [10, 20, 30, 95]
    crowded = spread([90, 91, 92], [10, 10, 10], 0, 100)
    assert crowded == [75, 85, 95]  # pushed back up from the bottom edge
