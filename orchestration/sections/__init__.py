"""The registry of the fiche's sections, in the order the fiche prints them: each is one folder
(`base.Section`). Their charts join the chart registry (`orchestration.charts.CHARTS`); the page
(`fiche.html.j2`) and the PDF (`fiche_body.typ`) include them in a loop.

Adding a section: see « Add a section » in docs/architecture.md.
"""

from __future__ import annotations

from functools import lru_cache

from orchestration.sections import dependence, tariffs
from orchestration.sections.base import Section

SECTIONS: tuple[Section, ...] = (tariffs.SECTION, dependence.SECTION)


@lru_cache(maxsize=1)
def typst_source() -> bytes:
    """The sections' PDF parts, then the dictionary `sections` (name -> function) through
    which `fiche(d)` prints each of `d.sections`."""
    parts = [section.typst.read_bytes() for section in SECTIONS]
    table = ", ".join(f'"{s.name}": {s.typst_function}' for s in SECTIONS)
    parts.append(f"#let sections = ({table},)\n".encode())
    return b"\n".join(parts)
