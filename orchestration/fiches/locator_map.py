"""The locator map of a Territoire d'industrie: every territory in grey, this one in violet,
on a national view and a close-up (a PNG beside its entry page)."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from orchestration import files
from orchestration.reference import TERRITOIRES_GEOMETRY_FILE as GEOMETRY_FILE


@lru_cache(maxsize=1)
def _geometry() -> dict[str, list]:
    data = json.loads(GEOMETRY_FILE.read_text(encoding="utf-8"))
    out = {}
    for feature in data["features"]:
        geom = feature["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        out[feature["properties"]["id_territoire"]] = polys
    return out


def write_locator_map(ti_id: str, path: Path) -> Path:
    """A PNG beside the page: all territories in grey, this one in violet; national view and
    close-up. (A raster: the vector map of 183 territories would weigh megabytes per page.)"""
    fig, axes, highlights, ring, missing = _map_figure()
    mine = _geometry().get(ti_id, [])
    xs = [x for poly in mine for ring_ in poly for x, _ in ring_]
    ys = [y for poly in mine for ring_ in poly for _, y in ring_]
    for highlight in highlights:
        highlight.set_verts([poly[0] for poly in mine])
    # a ring on the national view: small territories vanish at that scale
    ring.set_visible(bool(xs))
    missing.set_visible(not xs)
    if xs:
        ring.set_offsets([((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)])
        pad = max(max(xs) - min(xs), max(ys) - min(ys)) * 0.6 + 0.2
        axes[1].set_xlim(min(xs) - pad, max(xs) + pad)
        axes[1].set_ylim(min(ys) - pad, max(ys) + pad)
    else:  # an empty close-up, with its note
        axes[1].set_xlim(0, 1)
        axes[1].set_ylim(0, 1)
    with files.atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=110, bbox_inches="tight")
    return path


@lru_cache(maxsize=1)
def _map_figure():
    """The locator map's figure, drawn once per process: every territory in grey on both
    views; each map then only moves the highlight (violet), the ring and the close-up."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import PolyCollection

    from orchestration.charts import palette

    every = [poly[0] for polys in _geometry().values() for poly in polys]
    fig, axes = plt.subplots(1, 2, figsize=(7.0, 3.4))
    highlights = []
    for ax in axes:
        ax.add_collection(PolyCollection(every, facecolors="#d9d9de", edgecolors="white",
                                         linewidths=0.2))  # fmt: skip
        highlights.append(ax.add_collection(PolyCollection(
            [], facecolors=palette.EXPORT_VIOLET, edgecolors="white", linewidths=0.3)))  # fmt: skip
        ax.set_aspect(1.45)
        ax.set_axis_off()
    ring = axes[0].scatter([], [], s=160, facecolors="none", edgecolors=palette.EXPORT_VIOLET,
                           linewidths=1.6)  # fmt: skip
    axes[0].set_xlim(-5.5, 10)
    axes[0].set_ylim(41, 51.5)
    missing = axes[1].text(0.5, 0.5, "contour non disponible", ha="center", va="center",
                           transform=axes[1].transAxes, color="#777777")  # fmt: skip
    return fig, axes, highlights, ring, missing


@lru_cache(maxsize=1)
def geometry_digest() -> str:
    return hashlib.sha256(GEOMETRY_FILE.read_bytes()).hexdigest()
