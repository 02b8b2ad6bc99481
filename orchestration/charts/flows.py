"""Sankey of each flow: exports product (left) -> country (right), imports country -> product;
the ten first of each side and « autres », the five first links highlighted (`top_flows`)."""

from __future__ import annotations

import pandas as pd

from orchestration.charts import palette
from orchestration.charts.base import FLOWS, Chart, Marts
from orchestration.charts.draw import FULL_WIDTH, HALF_WIDTH, MIN_FONT_SIZE, spread, wrap_points
from orchestration.charts.format import meur, meur_short, percent
from orchestration.charts.svg import Svg, text_width

COLUMNS = ["flow", "source_side", "source_code", "source_label", "source_rank", "target_code",
           "target_label", "target_rank", "value_eur", "is_top_link"]  # fmt: skip


def links(marts: Marts, level: str, area: str, flow: str) -> pd.DataFrame:
    """Ranks order the nodes on each side, `AUTRES` (rank N+1) last; `is_top_link` marks the
    highlighted links of `top_flows` exactly."""
    frame = marts.rows("flows", level, area)
    frame = frame[frame["flow"] == flow]
    product = frame[["product_code", "product_label", "product_rank"]].to_numpy().T
    country = frame[["country_code", "country_name", "country_rank"]].to_numpy().T
    left, right = (product, country) if flow == "export" else (country, product)
    out = pd.DataFrame(
        {
            "flow": flow,
            "source_side": "product" if flow == "export" else "country",
            "source_code": left[0],
            "source_label": left[1],
            "source_rank": left[2].astype(int),
            "target_code": right[0],
            "target_label": right[1],
            "target_rank": right[2].astype(int),
            "value_eur": frame["value_eur"].astype("int64").to_numpy(),
            "is_top_link": frame["is_top_link"].astype(bool).to_numpy(),
        },
        columns=COLUMNS,
    )
    return out.sort_values(["source_rank", "target_rank"]).reset_index(drop=True)


def build(marts: Marts, level: str, area: str, year: int) -> dict[str, pd.DataFrame]:
    return {f"flows_{flow}": links(marts, level, area, flow) for flow in FLOWS}


def nodes(links: pd.DataFrame) -> dict[str, list[dict]]:
    """The two node columns of a Sankey, by rank (`AUTRES` last), with their totals."""
    sides = {}
    for side in ("source", "target"):
        totals = (
            links.groupby([f"{side}_rank", f"{side}_code", f"{side}_label"], as_index=False)[
                "value_eur"
            ]
            .sum()
            .sort_values(f"{side}_rank")
        )
        sides[side] = [
            {"rank": int(r[0]), "code": r[1], "label": r[2], "value_eur": int(r[3])}
            for r in totals.itertuples(index=False)
        ]
    return sides


SIZES = {  # (width, height) in inches, label font in points
    False: (FULL_WIDTH, 6.2, 7.5),  # the area's own Sankey, full width
    True: (HALF_WIDTH, 8.2, MIN_FONT_SIZE),  # a comparison beside it (region, France): half
    # width, and as tall as its page allows (more room for small nodes, no third of a page empty)
}


def draw(tables: dict[str, pd.DataFrame], flow: str | None, small: bool = False) -> str:
    """The Sankey of one flow; `small` for a comparison drawn half width."""
    width, height, font_size = SIZES[small]
    return sankey(tables[f"flows_{flow}"], width, height, font_size)


def _band(x0: float, y0a: float, y0b: float, x1: float, y1a: float, y1b: float) -> str:
    """The path of a Bezier band from [y0a, y0b] at x0 to [y1a, y1b] at x1 (points)."""
    xm = (x0 + x1) / 2
    p = [(x0, y0a), (xm, y0a), (xm, y1a), (x1, y1a), (x1, y1b), (xm, y1b), (xm, y0b), (x0, y0b)]
    f = [f"{x:.2f} {y:.2f}" for x, y in p]
    return f"M{f[0]} C{f[1]} {f[2]} {f[3]} L{f[4]} C{f[5]} {f[6]} {f[7]} Z"


def sankey(links: pd.DataFrame, width: float = 7.4, height: float = 6.2,
           font_size: float = 7.5) -> str:  # fmt: skip
    """Two-column Sankey: left nodes by rank (AUTRES last), right nodes likewise, links as bands;
    highlighted links red, the others grey; every band and node tells its value on hover.

    Labels live in the side margins, wrapped to their width, with their amount in M€; they are
    spread so that no two overlap, joined to a displaced node by a leader line, and when the
    labels of a side need more height than the chart has, the chart grows: nothing is cut.
    """
    W = width * 72
    margin = W * 0.32  # each side's labels
    x_left, x_right = margin, W - margin
    node_w, gap_pt, pad = 6.0, 4.0, 2.0
    total = float(links["value_eur"].sum()) or 1.0
    side_nodes = nodes(links)
    step = font_size * 1.1
    texts, heights = {}, {}
    for side, items in side_nodes.items():
        for node in items:
            lines = wrap_points(node["label"], font_size, margin - 10)
            amount = meur_short(node["value_eur"])
            if text_width(f"{lines[-1]} ({amount})", font_size) <= margin - 10:
                lines[-1] = f"{lines[-1]} ({amount})"
            else:
                lines.append(f"({amount})")
            texts[(side, node["code"])] = "\n".join(lines)
            heights[(side, node["code"])] = len(lines) * step + pad
    need = max(sum(heights[(side, n["code"])] for n in items)
               for side, items in side_nodes.items()) if side_nodes else 0.0  # fmt: skip
    H = max(height * 72, need + 12)
    top, bottom = 6.0, H - 6.0
    svg = Svg(W, H)
    positions = {}
    for side, items in side_nodes.items():
        usable = (bottom - top) - gap_pt * max(len(items) - 1, 0)
        y = top
        for node in items:
            h = usable * node["value_eur"] / total
            positions[(side, node["code"])] = [y, y + h, y]  # top, bottom, cursor for links
            y += h + gap_pt
    side_totals = {side: links.groupby(f"{side}_code")["value_eur"].sum().to_dict()
                   for side in ("source", "target")}  # fmt: skip
    labels = {side: links.drop_duplicates(f"{side}_code").set_index(f"{side}_code")[
        f"{side}_label"].to_dict() for side in ("source", "target")}  # fmt: skip
    bands: list[tuple[bool, str, str]] = []
    for row in links.sort_values(["source_rank", "target_rank"]).itertuples(index=False):
        s = positions[("source", row.source_code)]
        t = positions[("target", row.target_code)]
        src_total = side_totals["source"][row.source_code]
        tgt_total = side_totals["target"][row.target_code]
        dh_src = (s[1] - s[0]) * row.value_eur / src_total if src_total else 0
        dh_tgt = (t[1] - t[0]) * row.value_eur / tgt_total if tgt_total else 0
        band = _band(x_left + node_w, s[2], s[2] + dh_src, x_right - node_w, t[2], t[2] + dh_tgt)
        title = f"{row.source_label} → {row.target_label} : {meur(row.value_eur)}"
        bands.append((bool(row.is_top_link), band, title))
        s[2] += dh_src
        t[2] += dh_tgt
    for highlighted in (False, True):  # red bands above the grey ones
        for is_top, band, title in bands:
            if is_top == highlighted:
                svg.path(band, palette.LINK_RED if is_top else palette.LINK_GREY,
                         opacity=0.75 if is_top else 0.6, title=title)  # fmt: skip
    for side, items in side_nodes.items():
        keys = [(side, n["code"]) for n in items]
        centres = [(positions[k][0] + positions[k][1]) / 2 for k in keys]
        placed = spread(centres, [heights[k] for k in keys], top, bottom)
        x = x_left if side == "source" else x_right - node_w
        for key, centre, y in zip(keys, centres, placed, strict=True):
            node_top, node_bottom, _ = positions[key]
            share = side_totals[side][key[1]] / total
            svg.rect(x, node_top, node_w, max(node_bottom - node_top, 0.5), palette.NODE_GREY,
                     title=f"{labels[side][key[1]]} : {meur(side_totals[side][key[1]])} "
                           f"({percent(share)})")  # fmt: skip
            anchor = x - 4 if side == "source" else x + node_w + 4
            svg.text(anchor, y, texts[key], font_size, "end" if side == "source" else "start",
                     line_height=1.1)  # fmt: skip
            if abs(y - centre) > 1.0:  # a leader from the node to its displaced label
                edge = x if side == "source" else x + node_w
                tip = anchor + (1.5 if side == "source" else -1.5)
                svg.line(edge, centre, tip, y, "#888888", 0.4)
    return svg.render()


CHART = Chart(
    name="flows",
    summary="Sankey links of each flow, AUTRES last",
    queries={
        "flows": "SELECT * FROM marts.top_flows WHERE year = $year AND product_level = 'a129'"
    },
    datasets={f"flows_{flow}": COLUMNS for flow in FLOWS},
    build=build,
    draw=draw,
    titles={
        "export": "Flux à l'export par produit et par pays",
        "import": "Flux à l'import par pays et par produit",
    },
    compared=True,
    table={
        "source_label": "De",
        "target_label": "Vers",
        "value_eur": "Valeur",
        "is_top_link": "Parmi les cinq principaux flux",
    },
)
