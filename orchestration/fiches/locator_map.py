"""The locator map of a Territoire d'industrie, as SVG beside its entry page (`map.svg`): every
territory in grey and this one in violet on a view of metropolitan France (a ring around it, as
small territories vanish at that scale), and a close-up of it with its name; the page shows it as
an image with its text alternative, the PDF places the same file.

The outlines are thinned to what the drawing can show (a point is kept when it lies at least
`STEP` points from the last one kept): the national view of 183 territories weighs about 60 KB.
"""

from __future__ import annotations

import hashlib
import json
import math
from functools import lru_cache
from pathlib import Path

from orchestration import files
from orchestration.charts import palette
from orchestration.charts.svg import Svg, text_width
from orchestration.reference import TERRITOIRES_GEOMETRY_FILE as GEOMETRY_FILE

WIDTH, HEIGHT = 504.0, 250.0  # points: two panels side by side
PANEL = (WIDTH - 16) / 2
NATIONAL = (-5.5, 10.0, 41.0, 51.5)  # lon min, lon max, lat min, lat max: metropolitan France
ASPECT = 1.45  # latitude degrees drawn that much longer than longitude ones (~cos 46°)
STEP = 0.8  # points: the finest detail drawn
GREY, EDGE = "#d9d9de", "white"


@lru_cache(maxsize=1)
def _geometry() -> dict[str, tuple[str, list]]:
    """Territory id -> (name, polygons as lists of rings of (lon, lat))."""
    data = json.loads(GEOMETRY_FILE.read_text(encoding="utf-8"))
    out = {}
    for feature in data["features"]:
        geom = feature["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        props = feature["properties"]
        out[props["id_territoire"]] = (props.get("lib_territoire", ""), polys)
    return out


class _View:
    """Longitude and latitude to points in a panel whose origin is (`x0`, `y0`)."""

    def __init__(self, box: tuple[float, float, float, float], x0: float, y0: float) -> None:
        lon0, lon1, lat0, lat1 = box
        scale = min(PANEL / (lon1 - lon0), (HEIGHT - 30) / ((lat1 - lat0) * ASPECT))
        self.scale = scale
        self.x = x0 + (PANEL - (lon1 - lon0) * scale) / 2 - lon0 * scale
        self.y = y0 + (HEIGHT - 30 + (lat1 - lat0) * ASPECT * scale) / 2 + lat0 * ASPECT * scale
        self.box = box

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return self.x + lon * self.scale, self.y - lat * ASPECT * self.scale

    def path(self, rings: list, step: float = STEP) -> str:
        """An SVG path of polygon rings, thinned to `step` points."""
        parts = []
        for ring in rings:
            kept, last = [], None
            for lon, lat in ring:
                x, y = self.point(lon, lat)
                if last is None or math.hypot(x - last[0], y - last[1]) >= step:
                    kept.append((x, y))
                    last = (x, y)
            if len(kept) >= 3:
                parts.append("M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in kept) + " Z")
        return " ".join(parts)

    def sees(self, polys: list) -> bool:
        """Some point of `polys` (a sample of each outer ring) lies within a degree of the view."""
        lon0, lon1, lat0, lat1 = self.box
        for poly in polys:
            for lon, lat in poly[0][:: max(len(poly[0]) // 8, 1)]:
                if lon0 - 1 <= lon <= lon1 + 1 and lat0 - 1 <= lat <= lat1 + 1:
                    return True
        return False


def _bounds(polys: list) -> tuple[float, float, float, float]:
    lons = [lon for poly in polys for ring in poly for lon, _ in ring]
    lats = [lat for poly in polys for ring in poly for _, lat in ring]
    return min(lons), max(lons), min(lats), max(lats)


def locator_svg(ti_id: str) -> str:
    """The two panels for territory `ti_id` (its outline missing: said in the close-up)."""
    geometry = _geometry()
    name, mine = geometry.get(ti_id, ("", []))
    svg = Svg(WIDTH, HEIGHT)
    national = _View(NATIONAL, 0, 22)
    svg.text(PANEL / 2, 8, "Situation en France métropolitaine", 8, "middle", bold=True)
    svg.text(PANEL + 16 + PANEL / 2, 8, "Le territoire", 8, "middle", bold=True)
    grey = " ".join(national.path(p) for _, (_, polys) in sorted(geometry.items())
                    for p in polys if national.sees([p]))  # fmt: skip
    svg.parts.append(f'<path d="{grey}" fill="{GREY}" stroke="{EDGE}" stroke-width="0.2"/>')
    if not mine:
        svg.text(PANEL + 16 + PANEL / 2, HEIGHT / 2, "contour non disponible", 8, "middle",
                 fill="#666666")  # fmt: skip
        return svg.render()
    lon0, lon1, lat0, lat1 = _bounds(mine)
    if national.sees(mine):
        svg.path(" ".join(national.path(p) for p in mine), palette.EXPORT_VIOLET)
        cx, cy = national.point((lon0 + lon1) / 2, (lat0 + lat1) / 2)
        svg.parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="9" fill="none" '
                         f'stroke="{palette.EXPORT_VIOLET}" stroke-width="1.4"/>')  # fmt: skip
    else:  # overseas: outside the national view
        svg.text(PANEL / 2, HEIGHT - 10, "territoire d'outre-mer : voir le détail à droite", 7,
                 "middle", fill="#555555")  # fmt: skip
    pad = max(lon1 - lon0, (lat1 - lat0) * ASPECT) * 0.6 + 0.2
    close = _View((lon0 - pad, lon1 + pad, lat0 - pad / ASPECT, lat1 + pad / ASPECT), PANEL + 16,
                  22)  # fmt: skip
    around = " ".join(close.path(p, step=2.0) for other, (_, polys) in sorted(geometry.items())
                      if other != ti_id for p in polys if close.sees([p]))  # fmt: skip
    # the close-up clipped to its panel: a clipPath declared in <defs>, as every reader expects
    clip = f"close-{ti_id}"
    svg.parts.append(f'<defs><clipPath id="{clip}"><rect x="{PANEL + 16:.1f}" y="22" '
                     f'width="{PANEL:.1f}" height="{HEIGHT - 30:.1f}"/></clipPath></defs>'
                     f'<g clip-path="url(#{clip})">')  # fmt: skip
    if around:
        svg.parts.append(f'<path d="{around}" fill="{GREY}" stroke="{EDGE}" stroke-width="0.4"/>')
    svg.path(" ".join(close.path(p) for p in mine), palette.EXPORT_VIOLET)
    svg.parts.append("</g>")
    label_x, label_y = close.point((lon0 + lon1) / 2, lat0)
    size = 8.0
    width = text_width(name, size, bold=True)
    label_x = min(max(label_x, PANEL + 16 + width / 2 + 2), WIDTH - width / 2 - 2)
    label_y = min(label_y + 12, HEIGHT - 4)
    svg.rect(label_x - width / 2 - 3, label_y - size, width + 6, size + 4, "white", opacity=0.85)
    svg.text(label_x, label_y - size / 2 + 2, name, size, "middle", bold=True)
    return svg.render()


def write_locator_map(ti_id: str, path: Path) -> Path:
    """`map.svg` beside the territory's page, written atomically."""
    files.write_bytes(path, locator_svg(ti_id).encode("utf-8"))
    return path


@lru_cache(maxsize=1)
def geometry_digest() -> str:
    """The geometry and this drawing's code: either changed, the maps are drawn again."""
    digest = hashlib.sha256(GEOMETRY_FILE.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()
