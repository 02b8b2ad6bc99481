"""What a section of the fiche is: one folder holding everything of one panel.

A section folder `sections/<name>/` holds:

- `__init__.py`: `SECTION`, a `Section`: its `chart` (the marts it reads, the datasets it writes
  for every area, `charts.base.Chart`) and its `context` (the figures of one area's dataset,
  formatted in French, beside its region's and France's; None: the section is not shown);
- `section.html.j2`: its part of the page, reading `s.data` (the context) and the page's own
  variables (`area`, `year`...);
- `section.typ`: its part of the PDF, a function `section-<name>(d, s)` of the fiche's context
  and the section's context, using the helpers of `fiches/templates/common.typ`.

The registry (`sections/__init__.py`) lists the sections in the order the fiche prints them; the
chart registry, the page and the PDF follow from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orchestration.charts.base import Chart

# (area, comparisons: its region's and France's) -> the section's figures, or None
Context = Callable[[Any, list[Any]], dict | None]


def beside(own: dict, others: list[dict | None]) -> list[dict]:
    """The columns of a panel that sets the area beside its region and France: its own, then each
    comparison of another name (the region of a département that is its only one, Corse or La
    Réunion, bears its name and its figures: « La Réunion | La Réunion » said nothing). Equal
    figures under different names stay: two areas that happen to round alike."""
    return [own] + [o for o in others if o is not None and o["name"] != own["name"]]


@dataclass(frozen=True)
class Section:
    """One panel of the fiche (see the module's docstring)."""

    chart: Chart
    context: Context
    folder: Path

    @property
    def name(self) -> str:
        return self.chart.name

    @property
    def html(self) -> str:
        """Its HTML part, as the Jinja loader names it."""
        return f"{self.folder.name}/section.html.j2"

    @property
    def typst(self) -> Path:
        return self.folder / "section.typ"

    @property
    def typst_function(self) -> str:
        return f"section-{self.name}"
