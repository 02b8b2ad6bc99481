"""Static charts for the PDF fiche, drawn with matplotlib and returned as inline SVG.

Inputs are the chart datasets (the CSV/JSON files), so the PDF shows exactly their numbers.
"""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import squarify
from matplotlib import font_manager
from matplotlib.collections import PatchCollection, PathCollection
from matplotlib.patches import Rectangle
from matplotlib.path import Path as MplPath

from orchestration.charts.flows import nodes as sankey_nodes
from orchestration.fiches import palette
from orchestration.fiches.format import french_number, percent
from orchestration.fiches.pdf import FONTS_DIR

for _font in sorted(FONTS_DIR.glob("*.ttf")):  # the shipped fonts, not the system's
    font_manager.fontManager.addfont(str(_font))
plt.rcParams.update(
    {
        "font.family": [palette.FONT, "DejaVu Sans"],
        "font.size": 8,
        "svg.fonttype": "none",  # text stays text: searchable, selectable in the PDF
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)


def _svg(fig, tight: bool = True) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight" if tight else None, transparent=True)
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg") :]


def wrap(label: str, width: int) -> str:
    return "\n".join(textwrap.wrap(label, width=width, break_long_words=False)) or label


def partners_svg(partners: pd.DataFrame) -> str:
    """Imports to the left, exports to the right, the balance as a green/red marker."""
    rows = partners.sort_values("rank", ascending=False)
    n = max(len(rows), 1)
    fig, ax = plt.subplots(figsize=(7.2, 0.42 * n + 0.9))
    y = np.arange(len(rows))
    imports = rows["import_eur"].to_numpy() / 1e6
    exports = rows["export_eur"].to_numpy() / 1e6
    balance = rows["balance_eur"].to_numpy() / 1e6
    ax.barh(y, -imports, color=palette.IMPORT_BLUE, height=0.62, label="Importations")
    ax.barh(y, exports, color=palette.EXPORT_VIOLET, height=0.62, label="Exportations")
    colours = [palette.POSITIVE_GREEN if b >= 0 else palette.NEGATIVE_RED for b in balance]
    ax.scatter(balance, y, marker="D", s=28, color=colours, zorder=3, edgecolor="white",
               linewidth=0.6, label="Balance commerciale")  # fmt: skip
    ax.axvline(0, color=palette.TEXT, linewidth=0.6)
    ax.set_yticks(y, [wrap(name, 26) for name in rows["country_name"]])
    limit = max(float(np.max(np.abs(np.concatenate([imports, exports, [1.0]])))), 1.0) * 1.08
    ax.set_xlim(-limit, limit)
    ticks = ax.get_xticks()
    ax.set_xticks(ticks, [french_number(abs(t), 0) for t in ticks])
    ax.set_xlim(-limit, limit)
    ax.set_xlabel("millions d'euros  (importations à gauche, exportations à droite)")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.5)
    ax.set_axisbelow(True)
    return _svg(fig)


def treemap_svg(activities: pd.DataFrame, width: float = 7.2, height: float = 4.6) -> str:
    """Two blocks (imports blue, exports violet) sized by flow totals; tiles by product share."""
    fig, ax = plt.subplots(figsize=(width, height))
    ax.set_axis_off()
    totals = {
        f: float(activities.loc[activities.flow == f, "value_eur"].sum())
        for f in ("import", "export")
    }
    grand = sum(totals.values()) or 1.0
    x0 = 0.0
    W, H = 100.0, 64.0
    for flow in ("import", "export"):
        block_w = W * totals[flow] / grand
        tiles = activities[(activities.flow == flow) & (activities.value_eur > 0)]
        tiles = tiles.sort_values("value_eur", ascending=False)
        if block_w <= 0 or tiles.empty:
            continue
        values = squarify.normalize_sizes(tiles["value_eur"].astype(float).tolist(), block_w, H)
        rects = squarify.squarify(values, x0, 0, block_w, H)
        base = matplotlib.colors.to_rgb(palette.FLOW_COLOUR[flow])
        for i, (rect, row) in enumerate(zip(rects, tiles.itertuples(), strict=True)):
            shade = 0.55 + 0.45 * (1 - min(i, 12) / 12)
            colour = tuple(1 - (1 - c) * shade for c in base)
            ax.add_patch(Rectangle((rect["x"], rect["y"]), rect["dx"], rect["dy"],
                                   facecolor=colour, edgecolor="white", linewidth=0.8))  # fmt: skip
            label = _fit_label(row.product_label, percent(row.share_of_flow), rect, width / W)
            if label is not None:
                text, size = label
                ax.text(rect["x"] + 0.6, rect["y"] + rect["dy"] - 0.6, text, va="top",
                        ha="left", fontsize=size, color="white", linespacing=1.1)  # fmt: skip
        ax.text(x0 + block_w / 2, H + 1.5, palette.FLOW_LABEL[flow], ha="center", va="bottom",
                fontsize=9, fontweight="bold", color=palette.FLOW_COLOUR[flow])  # fmt: skip
        x0 += block_w
    ax.set_xlim(0, W)
    ax.set_ylim(0, H + 6)
    return _svg(fig)


def _fit_label(label: str, share: str, rect: dict, inches_per_unit: float):
    """The largest font (7 to 5.5 pt) at which the wrapped label and its share fit the tile."""
    points_per_unit = inches_per_unit * 72
    for size in (7.0, 6.0, 5.5):
        char_w = 0.58 * size / points_per_unit
        line_h = 1.22 * size / points_per_unit
        chars = int((rect["dx"] - 1.2) / char_w)
        if chars < 6:
            continue
        lines = textwrap.wrap(label, width=chars, break_long_words=False)
        if any(len(line) > chars for line in lines):
            continue
        if (len(lines) + 1) * line_h <= rect["dy"] - 1.2:
            return "\n".join([*lines, share]), size
    return None


_BAND_CODES = [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4, MplPath.LINETO,
               MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4, MplPath.CLOSEPOLY]  # fmt: skip


def _band(x0, y0a, y0b, x1, y1a, y1b) -> MplPath:
    """A Bezier band from [y0a, y0b] at x0 to [y1a, y1b] at x1."""
    xm = (x0 + x1) / 2
    verts = [(x0, y0a), (xm, y0a), (xm, y1a), (x1, y1a), (x1, y1b), (xm, y1b), (xm, y0b),
             (x0, y0b), (x0, y0a)]  # fmt: skip
    return MplPath(verts, _BAND_CODES)


def sankey_svg(links: pd.DataFrame, width: float = 7.2, height: float = 5.0, label_chars: int = 34,
               font_size: float = 7.0) -> str:  # fmt: skip
    """Two-column Sankey: left nodes by rank (AUTRES last), right nodes likewise, links as bands;
    highlighted links red, the others grey."""
    fig = plt.figure(figsize=(width, height))
    # labels live in the margins: the axes take the middle of the figure
    ax = fig.add_axes((0.32, 0.03, 0.36, 0.94))
    ax.set_axis_off()
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
    bands: dict[bool, list[MplPath]] = {False: [], True: []}
    for row in ordered.itertuples(index=False):
        s = positions[("source", row.source_code)]
        t = positions[("target", row.target_code)]
        src_total = side_totals["source"][row.source_code]
        t_total = side_totals["target"][row.target_code]
        dh_src = (s[0] - s[1]) * row.value_eur / src_total if src_total else 0
        dh_tgt = (t[0] - t[1]) * row.value_eur / t_total if t_total else 0
        bands[bool(row.is_top_link)].append(
            _band(x_left + node_w, s[2], s[2] - dh_src, x_right - node_w, t[2], t[2] - dh_tgt)
        )
        s[2] -= dh_src
        t[2] -= dh_tgt
    for top in (False, True):  # red bands above the grey ones: one collection per colour
        colour = palette.LINK_RED if top else palette.LINK_GREY
        ax.add_collection(PathCollection(bands[top], facecolors=colour, edgecolors="none",
                                         alpha=0.75 if top else 0.6))  # fmt: skip
    lines_per_inch = 72 / (font_size * 1.3)
    rectangles = []
    for side in ("source", "target"):
        nodes = [(code, top_y, bottom_y) for (sd, code), (top_y, bottom_y, _) in positions.items()
                 if sd == side]  # fmt: skip
        labels = links.drop_duplicates(f"{side}_code").set_index(f"{side}_code")[f"{side}_label"]
        texts = [f"{wrap(labels[code], label_chars)} "
                 f"({french_number(side_totals[side][code] / 1e6, 0)})"
                 for code, _, _ in nodes]  # fmt: skip
        # a label needs its number of lines of vertical room (in axes units)
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
            rectangles.append(Rectangle((x, bottom_y), node_w, top_y - bottom_y))
            anchor = x - 0.012 if side == "source" else x + node_w + 0.012
            ax.text(anchor, y, text, ha="right" if side == "source" else "left", va="center",
                    fontsize=font_size, linespacing=1.0, clip_on=False)  # fmt: skip
            centre = (top_y + bottom_y) / 2
            if abs(y - centre) > 0.005:  # a leader from the node to its displaced label
                edge = x if side == "source" else x + node_w
                ax.plot([edge, anchor], [centre, y], color="#999999", linewidth=0.4,
                        clip_on=False)  # fmt: skip
    ax.add_collection(PatchCollection(rectangles, facecolors=palette.NODE_GREY,
                                      edgecolors=palette.NODE_GREY))  # fmt: skip
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.02)
    return _svg(fig, tight=False)


def evolution_svg(evolution: pd.DataFrame, width: float = 7.2, height: float = 2.8) -> str:
    """Exports and imports of each loaded year (bars), the balance (diamonds, green or red)."""
    fig, ax = plt.subplots(figsize=(width, height))
    x = np.arange(len(evolution))
    ax.bar(x - 0.2, evolution["export_eur"] / 1e6, width=0.38, color=palette.EXPORT_VIOLET,
           label="Exportations")  # fmt: skip
    ax.bar(x + 0.2, evolution["import_eur"] / 1e6, width=0.38, color=palette.IMPORT_BLUE,
           label="Importations")  # fmt: skip
    balance = evolution["balance_eur"].to_numpy() / 1e6
    colours = [palette.POSITIVE_GREEN if b >= 0 else palette.NEGATIVE_RED for b in balance]
    ax.scatter(x, balance, marker="D", s=26, color=colours, zorder=3, edgecolor="white",
               linewidth=0.6, label="Solde")  # fmt: skip
    ax.axhline(0, color=palette.TEXT, linewidth=0.6)
    ax.set_xticks(x, [str(y) for y in evolution["year"]])
    _euro_axis(ax, legend_columns=3)
    return _svg(fig)


def quarters_svg(quarters: pd.DataFrame, width: float = 7.2, height: float = 2.4) -> str:
    """The last eight quarters, exports and imports side by side."""
    fig, ax = plt.subplots(figsize=(width, height))
    periods = sorted({(int(y), int(q)) for y, q in zip(quarters["year"], quarters["quarter"],
                                                       strict=True)})  # fmt: skip
    x = np.arange(len(periods))
    for offset, flow in ((-0.2, "export"), (0.2, "import")):
        rows = quarters[quarters["flow"] == flow].set_index(["year", "quarter"])["value_eur"]
        values = [rows.get(p, 0) / 1e6 for p in periods]
        ax.bar(x + offset, values, width=0.38, color=palette.FLOW_COLOUR[flow],
               label=palette.FLOW_LABEL[flow])  # fmt: skip
    ax.set_xticks(x, [f"T{q} {y}" for y, q in periods])
    _euro_axis(ax, legend_columns=2)
    return _svg(fig)


def _euro_axis(ax, legend_columns: int) -> None:
    """A vertical axis in millions of euros, French ticks, the legend above, a light grid."""
    ax.set_yticks(ax.get_yticks(), [french_number(t, 0).replace("-", "−") for t in ax.get_yticks()])
    ax.set_ylabel("millions d'euros")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=legend_columns, frameon=False)
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.5)
    ax.set_axisbelow(True)
