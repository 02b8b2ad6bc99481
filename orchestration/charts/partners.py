"""The ten first partners by trade: imports (left), exports (right), the balance (a marker)."""

from __future__ import annotations

import pandas as pd

from orchestration.charts import palette
from orchestration.charts.base import Chart, Marts
from orchestration.charts.draw import BALANCE_LEGEND, FONT_SIZE, FULL_WIDTH, GRID, minus, wrap
from orchestration.charts.format import french_number, meur
from orchestration.charts.svg import Svg, nice_ticks, text_width, tick_decimals

TOP_PARTNERS = 10
COLUMNS = ["rank", "country_code", "country_name", "import_eur", "export_eur", "balance_eur",
           "trade_eur", "balance_sign"]  # fmt: skip


def build(marts: Marts, level: str, area: str, year: int) -> dict[str, pd.DataFrame]:
    frame = marts.rows("partners", level, area)
    frame = frame[frame["rank"] <= TOP_PARTNERS].sort_values("rank")
    out = frame[COLUMNS[:-1]].copy()
    out["balance_sign"] = out["balance_eur"].map(lambda v: "positive" if v >= 0 else "negative")
    return {"partners": out.reset_index(drop=True)}


def draw(tables: dict[str, pd.DataFrame], flow: str | None = None, small: bool = False,
         width: float = FULL_WIDTH) -> str:  # fmt: skip
    """Imports to the left, exports to the right, the balance as a green/red marker."""
    rows = tables["partners"].sort_values("rank")
    row_h, top = 23.0, 24.0
    W = width * 72
    labels = [wrap(name, 26) for name in rows["country_name"]]
    label_w = max([text_width(line, FONT_SIZE) for t in labels for line in t.split("\n")] or [0])
    x0, x1 = label_w + 8, W - 12
    bottom = top + row_h * max(len(rows), 1)
    svg = Svg(W, bottom + 32)
    imports = rows["import_eur"].to_numpy() / 1e6
    exports = rows["export_eur"].to_numpy() / 1e6
    balance = rows["balance_eur"].to_numpy() / 1e6
    limit = max([1.0, *abs(imports), *abs(exports), *abs(balance)]) * 1.08

    def X(value: float) -> float:
        return x0 + (value + limit) / (2 * limit) * (x1 - x0)

    ticks = [t for t in nice_ticks(-limit, limit, 9) if -limit <= t <= limit]
    for t in ticks:
        svg.line(X(t), top, X(t), bottom, GRID, 0.5)
        svg.line(X(t), bottom, X(t), bottom + 3, palette.TEXT, 0.6)
        svg.text(X(t), bottom + 5, french_number(abs(t), tick_decimals(ticks)), FONT_SIZE,
                 "middle", "top")  # fmt: skip
    svg.line(x0, bottom, x1, bottom, palette.TEXT, 0.6)
    names = list(rows["country_name"])
    for i, label in enumerate(labels):
        y = top + (i + 0.5) * row_h
        bar = row_h * 0.62
        svg.rect(X(-imports[i]), y - bar / 2, X(0) - X(-imports[i]), bar, palette.IMPORT_BLUE,
                 title=f"{names[i]}, importations : {meur(imports[i] * 1e6)}")  # fmt: skip
        svg.rect(X(0), y - bar / 2, X(exports[i]) - X(0), bar, palette.EXPORT_VIOLET,
                 title=f"{names[i]}, exportations : {meur(exports[i] * 1e6)}")  # fmt: skip
        svg.text(x0 - 5, y, label, FONT_SIZE, "end")
    svg.line(X(0), top, X(0), bottom, palette.TEXT, 0.6)
    for i, b in enumerate(balance):
        colour = palette.POSITIVE_GREEN if b >= 0 else palette.NEGATIVE_RED
        svg.diamond(X(b), top + (i + 0.5) * row_h, 4.2, colour,
                    title=f"{names[i]}, solde : {minus(meur(b * 1e6))}")  # fmt: skip
    svg.text((x0 + x1) / 2, bottom + 18, "millions d'euros  (importations à gauche, exportations "
             "à droite)", FONT_SIZE, "middle", "top")  # fmt: skip
    svg.legend((x0 + x1) / 2, 10, [("square", palette.IMPORT_BLUE, "Importations"),
                                   ("square", palette.EXPORT_VIOLET, "Exportations"),
                                   *BALANCE_LEGEND])  # fmt: skip
    return svg.render()


CHART = Chart(
    name="partners",
    summary="the ten first partners' imports, exports and balance",
    queries={"partners": "SELECT * FROM marts.partner_balance WHERE year = $year AND rank <= 10"},
    datasets={"partners": COLUMNS},
    build=build,
    draw=draw,
    titles={None: "Principaux partenaires : importations, exportations et solde"},
    table={
        "country_name": "Pays",
        "import_eur": "Importations",
        "export_eur": "Exportations",
        "balance_eur": "Solde",
    },
)
