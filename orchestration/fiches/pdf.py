"""PDF pages compiled by Typst (the compiler ships inside the `typst` wheel; no system library).

A page is a Typst template in `templates/` fed with one JSON document (the page's context, the
same one the HTML template gets) through `sys.inputs.data`. Images are files under the compiler's
root, the year's exports folder, named by absolute paths from it ("/department/92/charts/x.svg").
The fonts are the ones shipped in `fonts/`, never the system's: a PDF looks the same everywhere.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from orchestration.charts.svg import FONTS_DIR

PACKAGE = Path(__file__).parent
TEMPLATES_DIR = PACKAGE / "templates"


class PdfError(RuntimeError):
    """Typst refused a page; the message names the template and Typst's diagnostic."""


@lru_cache(maxsize=8)
def _compiler(root: str):
    import typst

    return typst.Compiler(root=root, font_paths=[str(FONTS_DIR)], ignore_system_fonts=True)


@lru_cache(maxsize=8)
def _source(parts: tuple[str | bytes, ...]) -> bytes:
    return b"\n".join(p if isinstance(p, bytes) else (TEMPLATES_DIR / p).read_bytes()
                       for p in parts)  # fmt: skip


def compile_pdf(template: str | tuple[str | bytes, ...], context: dict, root: Path) -> bytes:
    """The PDF of `template` (a file in templates/, or parts compiled as one source: files of
    templates/ or Typst text, such as `render.fiche_source("fiche.typ")`) for `context`; images
    resolved under `root`.

    One compiler per root is kept by the process, so its fonts are loaded once.
    """
    import typst

    parts = (template,) if isinstance(template, str) else tuple(template)
    data = json.dumps(context, ensure_ascii=False, default=str)
    try:
        # the template goes with each call: a compiler made with bytes compiles them only once
        return _compiler(str(root)).compile(
            input=_source(parts), format="pdf", sys_inputs={"data": data}
        )
    except typst.TypstError as error:
        raise PdfError(f"{parts[-1]!s}: {error.message} {error.hints or ''}".strip()) from error
