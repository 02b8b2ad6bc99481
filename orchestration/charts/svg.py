"""A small SVG writer for the charts: shapes and text in points, text measured with the shipped
font's own advance widths. One drawing serves the page (inline, values on hover through SVG
`<title>` elements, no script) and the PDF (Typst reads the same file).

The charts are simple (bars, tiles, Bezier bands, labels), so they are written as SVG text
directly: a chart costs a few milliseconds, where drawing it with matplotlib cost ~0.15 s
(~0.9 s of a fiche's 1.2 s). Text stays text (selectable in the PDF), in the shipped font,
which Typst resolves from its own font folder.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from orchestration.charts import palette

ASCENT = 0.72  # of the font size: where a line's baseline sits below its top (Liberation Sans)
FONTS_DIR = Path(__file__).parent / "fonts"  # the fonts the PDF embeds, measured here
LINE_HEIGHT = 1.2  # of the font size, between baselines of a wrapped label


@lru_cache(maxsize=2)
def _advances(bold: bool) -> tuple[dict[int, float], float]:
    """Advance width of each character of the shipped font, in ems, and the average one."""
    from fontTools.ttLib import TTFont

    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    font = TTFont(str(FONTS_DIR / name), lazy=True)
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    widths = {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}
    return widths, sum(widths.values()) / len(widths)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of one line of `text` at `size` points, in points."""
    widths, average = _advances(bold)
    return size * sum(widths.get(ord(c), average) for c in text)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (steps of 1, 2, 2.5 or 5 times a power of ten)."""
    if high <= low:
        return [low, low + 1.0]
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def tick_decimals(ticks: list[float]) -> int:
    """The decimals that tell ticks apart: none for steps of 1 or more, else the step's own."""
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    return 0 if step >= 1 else len(f"{step:g}".split(".")[-1])


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def wrap_to_width(text: str, size: float, width: float, bold: bool = False) -> list[str] | None:
    """`text` broken between words into lines no wider than `width` points; None if one word
    alone is wider."""
    lines: list[str] = []
    for word in text.split():
        if text_width(word, size, bold) > width:
            return None
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


class Svg:
    """An SVG document `width` x `height` points; y grows downwards, as in SVG."""

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = width, height
        self.parts: list[str] = []

    def _add(self, element: str, title: str | None) -> None:
        """An element, with the tooltip a browser shows on hover when `title` is given."""
        if title:
            element = element[:-2] + f"><title>{escape(title)}</title></{element[1:].split()[0]}>"
        self.parts.append(element)

    def rect(self, x: float, y: float, w: float, h: float, fill: str,
             stroke: str | None = None, stroke_width: float = 0.0,
             opacity: float | None = None, title: str | None = None) -> None:  # fmt: skip
        attrs = f'x="{_number(x)}" y="{_number(y)}" width="{_number(max(w, 0))}" ' \
                f'height="{_number(max(h, 0))}" fill="{fill}"'  # fmt: skip
        if stroke:
            attrs += f' stroke="{stroke}" stroke-width="{_number(stroke_width)}"'
        if opacity is not None:
            attrs += f' fill-opacity="{opacity}"'
        self._add(f"<rect {attrs}/>", title)

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str,
             width: float = 0.5) -> None:  # fmt: skip
        self.parts.append(
            f'<line x1="{_number(x1)}" y1="{_number(y1)}" x2="{_number(x2)}" y2="{_number(y2)}" '
            f'stroke="{stroke}" stroke-width="{_number(width)}"/>'
        )

    def path(self, d: str, fill: str, opacity: float | None = None,
             title: str | None = None) -> None:  # fmt: skip
        extra = f' fill-opacity="{opacity}"' if opacity is not None else ""
        self._add(f'<path d="{d}" fill="{fill}"{extra}/>', title)

    def diamond(self, x: float, y: float, radius: float, fill: str,
                title: str | None = None) -> None:  # fmt: skip
        """A balance marker: a diamond centred on (x, y), white-edged."""
        points = [(x, y - radius), (x + radius, y), (x, y + radius), (x - radius, y)]
        d = "M" + " L".join(f"{_number(px)} {_number(py)}" for px, py in points) + " Z"
        self._add(f'<path d="{d}" fill="{fill}" stroke="white" stroke-width="0.6"/>', title)

    def text(self, x: float, y: float, text: str, size: float, anchor: str = "start",
             valign: str = "middle", bold: bool = False, fill: str = palette.TEXT,
             rotate: bool = False, line_height: float = LINE_HEIGHT) -> None:  # fmt: skip
        """`text` (lines split on "\\n") at (x, y): `anchor` start | middle | end horizontally,
        `valign` top | middle | baseline for the block of lines; `rotate` turns it a quarter
        to the left (a vertical axis' title)."""
        lines = text.split("\n")
        step = size * line_height
        if valign == "top":
            first = y + size * ASCENT
        elif valign == "middle":
            first = y - step * (len(lines) - 1) / 2 + size * ASCENT / 2
        else:
            first = y
        attrs = (f'font-family="{palette.FONT_STACK}" font-size="{_number(size)}" '
                 f'text-anchor="{anchor}" fill="{fill}"')  # fmt: skip
        if bold:
            attrs += ' font-weight="bold"'
        if rotate:
            attrs += f' transform="rotate(-90 {_number(x)} {_number(y)})"'
        spans = "".join(
            f'<tspan x="{_number(x)}" y="{_number(first + i * step)}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        self.parts.append(f"<text {attrs}>{spans}</text>")

    def legend(self, centre_x: float, y: float, items: list[tuple[str, str, str]],
               size: float = 8.0) -> None:  # fmt: skip
        """One row of (marker "square" | "diamond", colour, label), centred on `centre_x`."""
        gap, box = 14.0, size * 0.9
        widths = [box + 4 + text_width(label, size) for _, _, label in items]
        x = centre_x - (sum(widths) + gap * (len(items) - 1)) / 2
        for (marker, colour, label), width in zip(items, widths, strict=True):
            if marker == "diamond":
                self.diamond(x + box / 2, y, box / 2 + 0.5, colour)
            else:
                self.rect(x, y - box / 2, box, box, colour)
            self.text(x + box + 4, y, label, size)
            x += width + gap

    def render(self) -> str:
        w, h = _number(self.width), _number(self.height)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}pt" height="{h}pt" '
            f'viewBox="0 0 {w} {h}">' + "".join(self.parts) + "</svg>"
        )
