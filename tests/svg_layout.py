"""The text boxes of a chart's SVG, measured with the shipped font's advance widths: which two
overlap, which are cut by the drawing's edges. Shared by the chart tests and the benchmark-like
sweep over every area (`tests/test_chart_layout.py`)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from orchestration.charts.svg import text_width

NS = "{http://www.w3.org/2000/svg}"
DESCENT = 0.22  # of the font size, below the baseline (Liberation Sans)
ASCENT = 0.72


def text_boxes(svg: str) -> tuple[list[tuple[str, float, float, float, float]], float, float]:
    """(text, x0, y0, x1, y1) of every line of text (tspan) and the drawing's width and height,
    in points. Rotated text (an axis title) is measured turned."""
    root = ET.fromstring(svg)
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    boxes = []
    for text in root.iter(f"{NS}text"):
        size = float(text.get("font-size"))
        bold = text.get("font-weight") == "bold"
        anchor = text.get("text-anchor", "start")
        rotated = "rotate" in (text.get("transform") or "")
        for span in text.iter(f"{NS}tspan"):
            content = span.text or ""
            if not content.strip():
                continue
            x, y = float(span.get("x")), float(span.get("y"))
            w = text_width(content, size, bold)
            left = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
            box = (left, y - ASCENT * size, left + w, y + DESCENT * size)
            if rotated:  # rotate(-90) about (x, y): the line runs upwards from y
                box = (x - ASCENT * size, y - (box[2] - x), x + DESCENT * size, y - (box[0] - x))
            boxes.append((content, *box))
    return boxes, width, height


def overlaps(svg: str, tolerance: float = 0.3) -> list[tuple[str, str]]:
    """The pairs of text lines whose boxes intersect (by more than `tolerance` points)."""
    boxes, _, _ = text_boxes(svg)
    out = []
    for i, (a, ax0, ay0, ax1, ay1) in enumerate(boxes):
        for b, bx0, by0, bx1, by1 in boxes[i + 1 :]:
            across = min(ax1, bx1) - max(ax0, bx0)
            down = min(ay1, by1) - max(ay0, by0)
            if across > tolerance and down > tolerance:
                out.append((a, b))
    return out


def cut(svg: str, tolerance: float = 0.3) -> list[str]:
    """The text lines that reach past the drawing's edges."""
    boxes, width, height = text_boxes(svg)
    return [t for t, x0, y0, x1, y1 in boxes
            if x0 < -tolerance or y0 < -tolerance or x1 > width + tolerance
            or y1 > height + tolerance]  # fmt: skip


def smallest_font(svg: str) -> float:
    root = ET.fromstring(svg)
    return min(float(t.get("font-size")) for t in root.iter(f"{NS}text"))
