"""Interactive charts for the HTML fiche, drawn with plotly from the chart datasets.

Figures are returned as `<div>` fragments without plotly.js: the page loads the one copy written
beside the fiches (`exports/plotly.min.js`), so it works offline.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go

from orchestration.charts.flows import nodes as sankey_nodes
from orchestration.fiches import palette
from orchestration.fiches.format import french_number, meur, percent

_LAYOUT = {
    "font": {"family": "Liberation Sans, Arial, sans-serif", "size": 12, "color": palette.TEXT},
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
    "separators": ", ",  # French: decimal comma, space for thousands
}


def _div(fig: go.Figure, div_id: str) -> str:
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                       config={"displaylogo": False, "responsive": True})  # fmt: skip


def _br(label: str, width: int) -> str:
    return "<br>".join(textwrap.wrap(label, width=width, break_long_words=False)) or label


def _symmetric_ticks(limit: float) -> list[float]:
    """About five round ticks each side of zero, for a diverging bar chart."""
    raw = limit / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    n = math.ceil(limit / step)
    return [i * step for i in range(-n, n + 1)]


def partners_div(partners: pd.DataFrame, div_id: str = "partners") -> str:
    rows = partners.sort_values("rank", ascending=False)
    names = [_br(n, 28) for n in rows["country_name"]]
    fig = go.Figure()
    fig.add_bar(y=names, x=-rows["import_eur"] / 1e6, orientation="h", name="Importations",
                marker_color=palette.IMPORT_BLUE,
                customdata=[meur(v) for v in rows["import_eur"]],
                hovertemplate="%{y}<br>Importations : %{customdata}<extra></extra>")  # fmt: skip
    fig.add_bar(y=names, x=rows["export_eur"] / 1e6, orientation="h", name="Exportations",
                marker_color=palette.EXPORT_VIOLET,
                customdata=[meur(v) for v in rows["export_eur"]],
                hovertemplate="%{y}<br>Exportations : %{customdata}<extra></extra>")  # fmt: skip
    fig.add_scatter(
        y=names, x=rows["balance_eur"] / 1e6, mode="markers", name="Balance commerciale",
        marker={"symbol": "diamond", "size": 11, "line": {"color": "white", "width": 1},
                "color": [palette.POSITIVE_GREEN if b >= 0 else palette.NEGATIVE_RED
                          for b in rows["balance_eur"]]},
        customdata=[meur(v) for v in rows["balance_eur"]],
        hovertemplate="%{y}<br>Balance : %{customdata}<extra></extra>",
    )  # fmt: skip
    ticks = _symmetric_ticks(max([*(rows["import_eur"] / 1e6), *(rows["export_eur"] / 1e6), 1.0]))
    fig.update_xaxes(tickvals=ticks, ticktext=[french_number(abs(t), 0) for t in ticks])
    fig.update_layout(**_LAYOUT, barmode="overlay", height=110 + 34 * len(rows),
                      legend={"orientation": "h", "y": 1.08, "x": 0.5, "xanchor": "center"},
                      xaxis={"title": "millions d'euros (importations à gauche, exportations à "
                                      "droite)", "zeroline": True, "zerolinecolor": palette.TEXT,
                             "gridcolor": "#eeeeee"})  # fmt: skip
    return _div(fig, div_id)


def treemap_div(activities: pd.DataFrame, div_id: str = "activities") -> str:
    ids, labels, parents, values, colours, texts = [], [], [], [], [], []
    for flow in ("import", "export"):
        tiles = activities[(activities.flow == flow) & (activities.value_eur > 0)]
        if tiles.empty:
            continue
        total = int(tiles["value_eur"].sum())
        ids.append(flow)
        labels.append(palette.FLOW_LABEL[flow])
        parents.append("")
        values.append(total)
        colours.append(palette.FLOW_COLOUR[flow])
        texts.append(meur(total))
        for row in tiles.itertuples():
            ids.append(f"{flow}/{row.product_code}")
            labels.append(_br(row.product_label, 24))
            parents.append(flow)
            values.append(int(row.value_eur))
            colours.append(palette.FLOW_COLOUR[flow])
            texts.append(f"{meur(row.value_eur)} · {percent(row.share_of_flow)}")
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            text=texts,
            branchvalues="total",
            marker={"colors": colours},
            textinfo="label+text",
            hovertemplate="%{label}<br>%{text}<extra></extra>",
            sort=True,
        )
    )
    fig.update_layout(**{**_LAYOUT, "margin": {"l": 0, "r": 0, "t": 10, "b": 0}}, height=520)
    return _div(fig, div_id)


def sankey_div(links: pd.DataFrame, div_id: str, height: int = 520) -> str:
    """Nodes at fixed positions: ranks top to bottom, AUTRES last on each side."""
    nodes: list[tuple[str, str, str, int, float]] = []  # side, code, label, rank, value
    for side, members in sankey_nodes(links).items():
        for n in members:
            nodes.append((side, n["code"], n["label"], n["rank"], float(n["value_eur"])))
    index = {(side, code): i for i, (side, code, *_) in enumerate(nodes)}
    x, y = [], []
    for side in ("source", "target"):
        members = [n for n in nodes if n[0] == side]
        total = sum(n[4] for n in members) or 1.0
        cursor = 0.0
        for n in members:
            share = n[4] / total
            x.append(0.001 if side == "source" else 0.999)
            y.append(min(max(cursor + share / 2, 0.001), 0.999))
            cursor += share
    fig = go.Figure(
        go.Sankey(
            arrangement="fixed",
            node={
                "label": [f"{_br(n[2], 30)} ({meur(n[4], 0)})" for n in nodes],
                "x": x,
                "y": y,
                "pad": 6,
                "thickness": 12,
                "color": palette.NODE_GREY,
                "hovertemplate": "%{label}<extra></extra>",
            },
            link={
                "source": [index[("source", c)] for c in links["source_code"]],
                "target": [index[("target", c)] for c in links["target_code"]],
                "value": (links["value_eur"] / 1e6).tolist(),
                "color": [
                    "rgba(214,47,47,0.75)" if t else "rgba(190,190,190,0.55)"
                    for t in links["is_top_link"]
                ],
                "customdata": [meur(v) for v in links["value_eur"]],
                "hovertemplate": "%{source.label} → %{target.label}<br>%{customdata}"
                "<extra></extra>",
            },
        )
    )
    fig.update_layout(**_LAYOUT, height=height)
    return _div(fig, div_id)


def evolution_div(evolution: pd.DataFrame, div_id: str = "evolution") -> str:
    """Exports and imports by year (bars) and the balance (markers), hover in French."""
    years = [str(y) for y in evolution["year"]]
    fig = go.Figure()
    for flow in ("export", "import"):
        values = evolution[f"{flow}_eur"]
        fig.add_bar(x=years, y=values / 1e6, name=palette.FLOW_LABEL[flow],
                    marker_color=palette.FLOW_COLOUR[flow],
                    customdata=[meur(v) for v in values],
                    hovertemplate="%{x} : %{customdata}<extra>" + palette.FLOW_LABEL[flow]
                    + "</extra>")  # fmt: skip
    balance = evolution["balance_eur"]
    fig.add_scatter(x=years, y=balance / 1e6, name="Solde", mode="markers",
                    marker={"symbol": "diamond", "size": 10, "color": [
                        palette.POSITIVE_GREEN if b >= 0 else palette.NEGATIVE_RED
                        for b in balance]},
                    customdata=[meur(v) for v in balance],
                    hovertemplate="%{x} : %{customdata}<extra>Solde</extra>")  # fmt: skip
    fig.update_layout(**_LAYOUT, height=320, barmode="group",
                      yaxis_title="millions d'euros",
                      legend={"orientation": "h", "y": 1.12})  # fmt: skip
    return _div(fig, div_id)


def quarters_div(quarters: pd.DataFrame, div_id: str = "quarters") -> str:
    periods = sorted({(int(y), int(q)) for y, q in zip(quarters["year"], quarters["quarter"],
                                                       strict=True)})  # fmt: skip
    labels = [f"T{q} {y}" for y, q in periods]
    fig = go.Figure()
    for flow in ("export", "import"):
        rows = quarters[quarters["flow"] == flow].set_index(["year", "quarter"])["value_eur"]
        values = [int(rows.get(p, 0)) for p in periods]
        fig.add_bar(x=labels, y=[v / 1e6 for v in values], name=palette.FLOW_LABEL[flow],
                    marker_color=palette.FLOW_COLOUR[flow], customdata=[meur(v) for v in values],
                    hovertemplate="%{x} : %{customdata}<extra>" + palette.FLOW_LABEL[flow]
                    + "</extra>")  # fmt: skip
    fig.update_layout(**_LAYOUT, height=280, barmode="group", yaxis_title="millions d'euros",
                      legend={"orientation": "h", "y": 1.15})  # fmt: skip
    return _div(fig, div_id)
