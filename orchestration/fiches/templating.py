"""The Jinja environment of every page (fiches, indexes, territory pages), in one place."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

TEMPLATES = Path(__file__).resolve().parent / "templates"
# the sections' parts, named `<section>/section.html.j2` (`orchestration.sections`)
SECTIONS = Path(__file__).resolve().parent.parent / "sections"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([TEMPLATES, SECTIONS]),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        keep_trailing_newline=True,
    )
