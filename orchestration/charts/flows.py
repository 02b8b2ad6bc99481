"""Sankey of each flow: exports product (left) -> country (right), imports country -> product;
the ten first of each side and « autres », the five first links highlighted (`top_flows`)."""

from __future__ import annotations

import pandas as pd

from orchestration.charts.base import FLOWS, Chart, Marts

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


def static(tables: dict[str, pd.DataFrame], flow: str | None, small: bool) -> str:
    from orchestration.fiches import charts_static

    table = tables[f"flows_{flow}"]
    if small:  # a comparison Sankey beside a département's (its region's, France's)
        return charts_static.sankey_svg(table, width=3.7, height=6.4, label_chars=20,
                                        font_size=5.5)  # fmt: skip
    return charts_static.sankey_svg(table, width=7.4, height=6.2)


def interactive(tables: dict[str, pd.DataFrame], flow: str | None, small: bool, div_id: str) -> str:
    from orchestration.fiches import charts_interactive

    return charts_interactive.sankey_div(tables[f"flows_{flow}"], div_id,
                                         height=420 if small else 560)  # fmt: skip


CHART = Chart(
    name="flows",
    summary="Sankey links of each flow, AUTRES last",
    queries={
        "flows": "SELECT * FROM marts.top_flows WHERE year = $year AND product_level = 'a129'"
    },
    datasets={f"flows_{flow}": COLUMNS for flow in FLOWS},
    build=build,
    static=static,
    interactive=interactive,
)
