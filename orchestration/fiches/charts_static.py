"""Static charts for the PDF fiche, written as SVG documents (`fiches.svg`).

Inputs are the chart datasets (the CSV/JSON files), so the PDF shows exactly their numbers.
Sizes are in points (72 to the inch); Typst scales each chart to the width of its column.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import squarify

from orchestration.charts.flows import nodes as sankey_nodes
from orchestration.charts.format import french_number, percent
from orchestration.fiches import palette
from orchestration.fiches.svg import Svg, nice_ticks, text_width, tick_decimals, wrap_to_width

GRID = "#e5e5e5"
FONT_SIZE = 8.0


def wrap(label: str, width: int) -> str:
    return "\n".join(textwrap.wrap(label, width=width, break_long_words=False)) or label


def _minus(text: str) -> str:
    return text.replace("-", "−")


def partners_svg(partners: pd.DataFrame, width: float = 7.2) -> str:
    """Imports to the left, exports to the right, the balance as a green/red marker."""
    rows = partners.sort_values("rank")
    row_h, top = 30.0, 24.0
    W = width * 72
    labels = [wrap(name, 26) for name in rows["country_name"]]
    label_w = max([text_width(line, FONT_SIZE) for t in labels for line in t.split("\n")] or [0])
    x0, x1 = label_w + 8, W - 12
    bottom = top + row_h * max(len(rows), 1)
    svg = Svg(W, bottom + 32)
    imports = rows["import_eur"].to_numpy() / 1e6
    exports = rows["export_eur"].to_numpy() / 1e6
    balance = rows["balance_eur"].to_numpy() / 1e6
    limit = max([1.0, *abs(imports), *abs(exports), *abs(balance)]) * 1.08

    def X(value: float) -> float:
        return x0 + (value + limit) / (2 * limit) * (x1 - x0)

    ticks = [t for t in nice_ticks(-limit, limit, 9) if -limit <= t <= limit]
    for t in ticks:
        svg.line(X(t), top, X(t), bottom, GRID, 0.5)
        svg.line(X(t), bottom, X(t), bottom + 3, palette.TEXT, 0.6)
        svg.text(X(t), bottom + 5, french_number(abs(t), tick_decimals(ticks)), FONT_SIZE,
                 "middle", "top")  # fmt: skip
    svg.line(x0, bottom, x1, bottom, palette.TEXT, 0.6)
    for i, label in enumerate(labels):
        y = top + (i + 0.5) * row_h
        bar = row_h * 0.62
        svg.rect(X(-imports[i]), y - bar / 2, X(0) - X(-imports[i]), bar, palette.IMPORT_BLUE)
        svg.rect(X(0), y - bar / 2, X(exports[i]) - X(0), bar, palette.EXPORT_VIOLET)
        svg.text(x0 - 5, y, label, FONT_SIZE, "end")
    svg.line(X(0), top, X(0), bottom, palette.TEXT, 0.6)
    for i, b in enumerate(balance):
        colour = palette.POSITIVE_GREEN if b >= 0 else palette.NEGATIVE_RED
        svg.diamond(X(b), top + (i + 0.5) * row_h, 4.2, colour)
    svg.text((x0 + x1) / 2, bottom + 18, "millions d'euros  (importations à gauche, exportations "
             "à droite)", FONT_SIZE, "middle", "top")  # fmt: skip
    svg.legend((x0 + x1) / 2, 10, [("diamond", palette.POSITIVE_GREEN, "Balance commerciale"),
                                   ("square", palette.IMPORT_BLUE, "Importations"),
                                   ("square", palette.EXPORT_VIOLET, "Exportations")])  # fmt: skip
    return svg.render()


def treemap_svg(activities: pd.DataFrame, width: float = 7.2, height: float = 4.6) -> str:
    """Two blocks (imports blue, exports violet) sized by flow totals; tiles by product share,
    the largest at the top left."""
    W, header = width * 72, 16.0
    H = height * 72 - header
    svg = Svg(W, H + header)
    totals = {
        f: float(activities.loc[activities.flow == f, "value_eur"].sum())
        for f in ("import", "export")
    }
    grand = sum(totals.values()) or 1.0
    x0 = 0.0
    for flow in ("import", "export"):
        block_w = W * totals[flow] / grand
        tiles = activities[(activities.flow == flow) & (activities.value_eur > 0)]
        tiles = tiles.sort_values("value_eur", ascending=False)
        if block_w <= 0 or tiles.empty:
            continue
        values = squarify.normalize_sizes(tiles["value_eur"].astype(float).tolist(), block_w, H)
        rects = squarify.squarify(values, x0, header, block_w, H)
        base = palette.FLOW_COLOUR[flow]
        for i, (rect, row) in enumerate(zip(rects, tiles.itertuples(), strict=True)):
            shade = 0.55 + 0.45 * (1 - min(i, 12) / 12)
            svg.rect(rect["x"], rect["y"], rect["dx"], rect["dy"], _tint(base, shade),
                     stroke="white", stroke_width=0.8)  # fmt: skip
            label = _fit_label(row.product_label, percent(row.share_of_flow), rect)
            if label is not None:
                text, size = label
                svg.text(rect["x"] + 3, rect["y"] + 3, text, size, valign="top", fill="white",
                         line_height=1.1)  # fmt: skip
        svg.text(x0 + block_w / 2, header / 2, palette.FLOW_LABEL[flow], 9, "middle",
                 bold=True, fill=base)  # fmt: skip
        x0 += block_w
    return svg.render()


def _tint(colour: str, shade: float) -> str:
    """`colour` mixed with white: `shade` 1 keeps it, 0 is white."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * shade):02x}" for c in rgb)


def _fit_label(label: str, share: str, rect: dict) -> tuple[str, float] | None:
    """The largest font (7 to 5.5 pt) at which the wrapped label and its share fit the tile
    (sizes in points), or None: the tile is left without a label."""
    for size in (7.0, 6.0, 5.5):
        lines = wrap_to_width(label, size, rect["dx"] - 6)
        if lines is None or text_width(share, size) > rect["dx"] - 6:
            continue
        if (len(lines) + 1) * size * 1.1 <= rect["dy"] - 6:
            return "\n".join([*lines, share]), size
    return None


def _band(X, Y, x0, y0a, y0b, x1, y1a, y1b) -> str:
    """The path of a Bezier band from [y0a, y0b] at x0 to [y1a, y1b] at x1 (data units)."""
    xm = (x0 + x1) / 2
    p = [(X(x), Y(y)) for x, y in ((x0, y0a), (xm, y0a), (xm, y1a), (x1, y1a), (x1, y1b),
                                   (xm, y1b), (xm, y0b), (x0, y0b))]  # fmt: skip
    f = [f"{x:.2f} {y:.2f}" for x, y in p]
    return f"M{f[0]} C{f[1]} {f[2]} {f[3]} L{f[4]} C{f[5]} {f[6]} {f[7]} Z"


def sankey_svg(links: pd.DataFrame, width: float = 7.2, height: float = 5.0, label_chars: int = 34,
               font_size: float = 7.0) -> str:  # fmt: skip
    """Two-column Sankey: left nodes by rank (AUTRES last), right nodes likewise, links as bands;
    highlighted links red, the others grey. Labels live in the side margins."""
    W, H = width * 72, height * 72
    svg = Svg(W, H)

    def X(x: float) -> float:  # the bands take the middle 36 % of the width
        return W * (0.32 + 0.36 * x)

    def Y(y: float) -> float:  # y from -0.02 (bottom) to 1.02 (top)
        return H - H * (0.03 + 0.94 * (y + 0.02) / 1.04)

    total = float(links["value_eur"].sum()) or 1.0
    gap = 0.012
    positions = {}
    for side, nodes in sankey_nodes(links).items():
        usable = 1.0 - gap * max(len(nodes) - 1, 0)
        y = 1.0
        for node in nodes:
            h = usable * node["value_eur"] / total
            positions[(side, node["code"])] = [y, y - h, y]  # top, bottom, cursor for links
            y -= h + gap
    x_left, x_right, node_w = 0.0, 1.0, 0.025
    ordered = links.sort_values(["source_rank", "target_rank"])
    side_totals = {side: links.groupby(f"{side}_code")["value_eur"].sum().to_dict()
                   for side in ("source", "target")}  # fmt: skip
    bands: dict[bool, list[str]] = {False: [], True: []}
    for row in ordered.itertuples(index=False):
        s = positions[("source", row.source_code)]
        t = positions[("target", row.target_code)]
        src_total = side_totals["source"][row.source_code]
        t_total = side_totals["target"][row.target_code]
        dh_src = (s[0] - s[1]) * row.value_eur / src_total if src_total else 0
        dh_tgt = (t[0] - t[1]) * row.value_eur / t_total if t_total else 0
        band = _band(X, Y, x_left + node_w, s[2], s[2] - dh_src, x_right - node_w, t[2],
                     t[2] - dh_tgt)  # fmt: skip
        bands[bool(row.is_top_link)].append(band)
        s[2] -= dh_src
        t[2] -= dh_tgt
    for top in (False, True):  # red bands above the grey ones
        if bands[top]:
            svg.path(" ".join(bands[top]), palette.LINK_RED if top else palette.LINK_GREY,
                     opacity=0.75 if top else 0.6)  # fmt: skip
    lines_per_inch = 72 / (font_size * 1.3)
    for side in ("source", "target"):
        nodes = [(code, top_y, bottom_y) for (sd, code), (top_y, bottom_y, _) in positions.items()
                 if sd == side]  # fmt: skip
        labels = links.drop_duplicates(f"{side}_code").set_index(f"{side}_code")[f"{side}_label"]
        texts = [f"{wrap(labels[code], label_chars)} "
                 f"({french_number(side_totals[side][code] / 1e6, 0)})"
                 for code, _, _ in nodes]  # fmt: skip
        # a label needs its number of lines of vertical room (in data units)
        heights = [(t.count("\n") + 1) / (lines_per_inch * height * 0.92) for t in texts]
        centres = [(top_y + bottom_y) / 2 for _, top_y, bottom_y in nodes]
        placed = []
        for i, c in enumerate(centres):
            if placed:
                need = (heights[i - 1] + heights[i]) / 2
                c = min(c, placed[-1] - need)
            else:  # the first label stays inside the figure's top edge
                c = min(c, 1.02 - heights[0] / 2)
            placed.append(c)
        if placed and placed[-1] - heights[-1] / 2 < -0.02:
            shift = -0.02 - (placed[-1] - heights[-1] / 2)
            placed = [y + shift for y in placed]
        x = x_left if side == "source" else x_right - node_w
        for (_code, top_y, bottom_y), text, y in zip(nodes, texts, placed, strict=True):
            svg.rect(X(x), Y(top_y), X(x + node_w) - X(x), Y(bottom_y) - Y(top_y),
                     palette.NODE_GREY)  # fmt: skip
            anchor = x - 0.012 if side == "source" else x + node_w + 0.012
            svg.text(X(anchor), Y(y), text, font_size, "end" if side == "source" else "start",
                     line_height=1.1)  # fmt: skip
            centre = (top_y + bottom_y) / 2
            if abs(y - centre) > 0.005:  # a leader from the node to its displaced label
                edge = x if side == "source" else x + node_w
                svg.line(X(edge), Y(centre), X(anchor), Y(y), "#999999", 0.4)
    return svg.render()


def _bars(categories: list[str], series: list[tuple[str, str, list[float]]],
          markers: list[float] | None, legend: list[tuple[str, str, str]], width: float,
          height: float) -> str:  # fmt: skip
    """Vertical bars in millions of euros: one group per category, one bar per series (label,
    colour, values), optional diamonds (green >= 0, red < 0), French ticks, the legend above."""
    W, H = width * 72, height * 72
    top, bottom = 24.0, H - 18
    values = [v for _, _, vs in series for v in vs] + list(markers or [])
    ticks = nice_ticks(min([0.0, *values]), max([0.0, *values]), 6)
    tick_labels = [_minus(french_number(t, tick_decimals(ticks))) for t in ticks]
    x0 = 16 + max(text_width(t, FONT_SIZE) for t in tick_labels) + 6
    x1 = W - 6
    svg = Svg(W, H)

    def Y(value: float) -> float:
        return bottom - (value - ticks[0]) / (ticks[-1] - ticks[0]) * (bottom - top)

    for t, label in zip(ticks, tick_labels, strict=True):
        svg.line(x0, Y(t), x1, Y(t), GRID, 0.5)
        svg.line(x0 - 3, Y(t), x0, Y(t), palette.TEXT, 0.6)
        svg.text(x0 - 5, Y(t), label, FONT_SIZE, "end")
    svg.line(x0, top, x0, bottom, palette.TEXT, 0.6)
    svg.text(7, (top + bottom) / 2, "millions d'euros", FONT_SIZE, "middle", rotate=True)
    slot = (x1 - x0) / max(len(categories), 1)
    bar, gap = slot * 0.38, slot * 0.02
    group = len(series) * bar + (len(series) - 1) * gap
    for i, category in enumerate(categories):
        centre = x0 + (i + 0.5) * slot
        for k, (_, colour, vs) in enumerate(series):
            left = centre - group / 2 + k * (bar + gap)
            v = vs[i]
            svg.rect(left, min(Y(v), Y(0)), bar, abs(Y(v) - Y(0)), colour)
        svg.text(centre, bottom + 5, category, FONT_SIZE, "middle", "top")
    svg.line(x0, Y(0), x1, Y(0), palette.TEXT, 0.6)
    for i, m in enumerate(markers or []):
        colour = palette.POSITIVE_GREEN if m >= 0 else palette.NEGATIVE_RED
        svg.diamond(x0 + (i + 0.5) * slot, Y(m), 4.0, colour)
    svg.legend((x0 + x1) / 2, 10, legend)
    return svg.render()


def evolution_svg(evolution: pd.DataFrame, width: float = 7.2, height: float = 2.8) -> str:
    """Exports and imports of each loaded year (bars), the balance (diamonds, green or red)."""
    exports = list(evolution["export_eur"] / 1e6)
    imports = list(evolution["import_eur"] / 1e6)
    return _bars(
        [str(y) for y in evolution["year"]],
        [("Exportations", palette.EXPORT_VIOLET, exports),
         ("Importations", palette.IMPORT_BLUE, imports)],
        list(evolution["balance_eur"] / 1e6),
        [("diamond", palette.POSITIVE_GREEN, "Solde"),
         ("square", palette.EXPORT_VIOLET, "Exportations"),
         ("square", palette.IMPORT_BLUE, "Importations")],
        width, height,
    )  # fmt: skip


def quarters_svg(quarters: pd.DataFrame, width: float = 7.2, height: float = 2.4) -> str:
    """The last eight quarters, exports and imports side by side."""
    periods = sorted({(int(y), int(q)) for y, q in zip(quarters["year"], quarters["quarter"],
                                                       strict=True)})  # fmt: skip
    series = []
    for flow in ("export", "import"):
        rows = quarters[quarters["flow"] == flow].set_index(["year", "quarter"])["value_eur"]
        series.append((palette.FLOW_LABEL[flow], palette.FLOW_COLOUR[flow],
                       [rows.get(p, 0) / 1e6 for p in periods]))  # fmt: skip
    return _bars(
        [f"T{q} {y}" for y, q in periods], series, None,
        [("square", colour, label) for label, colour, _ in series], width, height,
    )  # fmt: skip
