"""Treemap of the products of each flow, sized by value, with their share of the flow."""

from __future__ import annotations

import pandas as pd
import squarify

from orchestration.charts import palette
from orchestration.charts.base import TOTALS, Chart, Marts
from orchestration.charts.draw import FULL_WIDTH, MIN_FONT_SIZE, tint
from orchestration.charts.format import meur, percent
from orchestration.charts.svg import Svg, text_width, wrap_to_width

COLUMNS = ["flow", "rank", "product_level", "product_code", "product_label", "value_eur",
           "share_of_flow", "flow_total_eur"]  # fmt: skip


def build(marts: Marts, level: str, area: str, year: int) -> dict[str, pd.DataFrame]:
    frame = marts.rows("products", level, area).sort_values(["flow", "rank"])
    totals = marts.rows("totals", level, area).iloc[0]
    out = frame[COLUMNS[:-1]].copy()
    out["flow_total_eur"] = out["flow"].map(lambda f: int(totals[f"{f}_eur"]))
    return {"activities": out.reset_index(drop=True)}


def draw(tables: dict[str, pd.DataFrame], flow: str | None = None, small: bool = False,
         width: float = FULL_WIDTH, height: float = 6.2) -> str:  # fmt: skip
    """Two blocks (imports blue, exports violet) sized by flow totals; tiles by product share,
    the largest at the top left; a tile too small for its label keeps it on hover."""
    activities = tables["activities"]
    W, header = width * 72, 16.0
    H = height * 72 - header
    svg = Svg(W, H + header)
    totals = {
        f: float(activities.loc[activities.flow == f, "value_eur"].sum())
        for f in ("import", "export")
    }
    grand = sum(totals.values()) or 1.0
    x0 = 0.0
    for flow_ in ("import", "export"):
        block_w = W * totals[flow_] / grand
        tiles = activities[(activities.flow == flow_) & (activities.value_eur > 0)]
        tiles = tiles.sort_values("value_eur", ascending=False)
        if block_w <= 0 or tiles.empty:
            continue
        values = squarify.normalize_sizes(tiles["value_eur"].astype(float).tolist(), block_w, H)
        rects = squarify.squarify(values, x0, header, block_w, H)
        base = palette.FLOW_COLOUR[flow_]
        for i, (rect, row) in enumerate(zip(rects, tiles.itertuples(), strict=True)):
            shade = 0.75 + 0.25 * (1 - min(i, 12) / 12)  # white text stays readable (AA)
            share = percent(row.share_of_flow)
            svg.rect(rect["x"], rect["y"], rect["dx"], rect["dy"], tint(base, shade),
                     stroke="white", stroke_width=0.8,
                     title=f"{palette.FLOW_LABEL[flow_]}, {row.product_label} : "
                           f"{meur(row.value_eur)} ({share})")  # fmt: skip
            label = _fit_label(row.product_label, share, rect)
            if label is not None:
                text, size = label
                svg.text(rect["x"] + 3, rect["y"] + 3, text, size, valign="top", fill="white",
                         line_height=1.1)  # fmt: skip
        title = palette.FLOW_LABEL[flow_]
        if text_width(title, 9, bold=True) > block_w:  # a thin block: its label on hover only
            title = ""
        svg.text(x0 + block_w / 2, header / 2, title, 9, "middle", bold=True, fill=base)
        x0 += block_w
    return svg.render()


def _fit_label(label: str, share: str, rect: dict) -> tuple[str, float] | None:
    """The largest font (8 to 6.5 pt) at which the wrapped label and its share fit the tile
    (sizes in points), or None: the tile is left without a label."""
    for size in (8.0, 7.0, MIN_FONT_SIZE):
        lines = wrap_to_width(label, size, rect["dx"] - 6)
        if lines is None or text_width(share, size) > rect["dx"] - 6:
            continue
        if (len(lines) + 1) * size * 1.1 <= rect["dy"] - 6:
            return "\n".join([*lines, share]), size
    return None


CHART = Chart(
    name="activities",
    summary="every product of each flow with its share (treemap)",
    queries={
        "products": "SELECT * FROM marts.product_shares "
        "WHERE year = $year AND product_level = 'a129'",
        "totals": TOTALS,
    },
    datasets={"activities": COLUMNS},
    build=build,
    draw=draw,
    # when the partner chart had to go to the next page, the treemap shares that page with it
    compact=({"height": 4.6}, {"height": 3.8}, {"height": 3.0}, {"height": 2.4}, {"height": 1.8}),
    titles={None: "Principales activités à l'import et à l'export"},
    table={
        "flow": "Flux",
        "product_label": "Produit (A129)",
        "value_eur": "Valeur",
        "share_of_flow": "Part du flux",
    },
)
