"""Drawing helpers the chart modules share: label wrapping, tints, vertical bars, label placement.

Sizes are in points (72 to the inch). A page shows the SVG inline at its column's width and the
PDF places the same file at its drawn size, so text drawn at 6.5 pt or more prints at 6.5 pt or
more.
"""

from __future__ import annotations

import textwrap

from orchestration.charts import palette
from orchestration.charts.format import french_number, meur
from orchestration.charts.svg import Svg, nice_ticks, text_width, tick_decimals, wrap_to_width

GRID = "#e5e5e5"
FONT_SIZE = 8.0
MIN_FONT_SIZE = 6.5  # nothing on a chart is smaller, page or PDF
# The PDF's text column (A4 less 2 x 1,5 cm), in inches: charts are drawn at the size they print
# (a comparison at half of it, less the gutter), so their text prints at the size it is drawn.
FULL_WIDTH = 510 / 72
HALF_WIDTH = 250 / 72


def wrap(label: str, width: int) -> str:
    return "\n".join(textwrap.wrap(label, width=width, break_long_words=False)) or label


def wrap_points(label: str, size: float, width: float) -> list[str]:
    """`label` in lines no wider than `width` points at `size`; a word wider than the width is
    cut with a hyphen (never drawn past the edge)."""
    lines = wrap_to_width(label, size, width)
    if lines is not None:
        return lines or [label]
    out: list[str] = []
    for word in label.split():
        while text_width(word, size) > width and len(word) > 2:
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut] + "-", size) > width:
                cut -= 1
            out.append(word[:cut] + "-")
            word = word[cut:]
        if out and not out[-1].endswith("-") and text_width(f"{out[-1]} {word}", size) <= width:
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    return out


def minus(text: str) -> str:
    return text.replace("-", "−")


def tint(colour: str, shade: float) -> str:
    """`colour` mixed with white: `shade` 1 keeps it, 0 is white."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * shade):02x}" for c in rgb)


def spread(centres: list[float], heights: list[float], top: float, bottom: float) -> list[float]:
    """Label centres as close to `centres` (ascending, in points, y downwards) as they can be
    without two labels (of `heights`) overlapping, all within [top, bottom] when their heights
    fit in it: pushed down in order, then back up from the bottom edge."""
    placed: list[float] = []
    for i, c in enumerate(centres):
        low = top + heights[i] / 2 if i == 0 else placed[-1] + (heights[i - 1] + heights[i]) / 2
        placed.append(max(c, low))
    for i in range(len(placed) - 1, -1, -1):
        high = bottom - heights[i] / 2 if i == len(placed) - 1 else (
            placed[i + 1] - (heights[i] + heights[i + 1]) / 2)  # fmt: skip
        placed[i] = min(placed[i], high)
    return placed


BALANCE_LEGEND = [("diamond", palette.POSITIVE_GREEN, "Solde excédentaire"),
                  ("diamond", palette.NEGATIVE_RED, "Solde déficitaire")]  # fmt: skip


def bars(categories: list[str], series: list[tuple[str, str, list[float]]],
         markers: list[float] | None, legend: list[tuple[str, str, str]], width: float,
         height: float) -> str:  # fmt: skip
    """Vertical bars in millions of euros: one group per category, one bar per series (label,
    colour, values in M€), optional balance diamonds (green >= 0, red < 0), French ticks, the
    legend above; every bar and diamond tells its value on hover."""
    W, H = width * 72, height * 72
    top, bottom = 24.0, H - 18
    values = [v for _, _, vs in series for v in vs] + list(markers or [])
    ticks = nice_ticks(min([0.0, *values]), max([0.0, *values]), 6)
    tick_labels = [minus(french_number(t, tick_decimals(ticks))) for t in ticks]
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
        for k, (name, colour, vs) in enumerate(series):
            left = centre - group / 2 + k * (bar + gap)
            v = vs[i]
            svg.rect(left, min(Y(v), Y(0)), bar, abs(Y(v) - Y(0)), colour,
                     title=f"{category}, {name.lower()} : {meur(v * 1e6)}")  # fmt: skip
        svg.text(centre, bottom + 5, category, FONT_SIZE, "middle", "top")
    svg.line(x0, Y(0), x1, Y(0), palette.TEXT, 0.6)
    for i, m in enumerate(markers or []):
        colour = palette.POSITIVE_GREEN if m >= 0 else palette.NEGATIVE_RED
        svg.diamond(x0 + (i + 0.5) * slot, Y(m), 4.0, colour,
                    title=f"{categories[i]}, solde : {minus(meur(m * 1e6))}")  # fmt: skip
    svg.legend((x0 + x1) / 2, 10, legend)
    return svg.render()
