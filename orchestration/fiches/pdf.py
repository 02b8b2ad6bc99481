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
def _source(template: str) -> bytes:
    return (TEMPLATES_DIR / template).read_bytes()


def compile_pdf(template: str, context: dict, root: Path) -> bytes:
    """The PDF of `template` (a file in templates/) for `context`; images resolved under `root`.

    One compiler per root is kept by the process, so its fonts are loaded once.
    """
    import typst

    data = json.dumps(context, ensure_ascii=False, default=str)
    try:
        # the template goes with each call: a compiler made with bytes compiles them only once
        return _compiler(str(root)).compile(
            input=_source(template), format="pdf", sys_inputs={"data": data}
        )
    except typst.TypstError as error:
        raise PdfError(f"{template}: {error.message} {error.hints or ''}".strip()) from error


def concatenate(documents: list[bytes | Path]) -> bytes:
    """One PDF holding the pages of `documents` (bytes or files), in order (qpdf, via pikepdf)."""
    import io

    import pikepdf

    out = pikepdf.new()
    opened = [pikepdf.open(io.BytesIO(d) if isinstance(d, bytes) else d) for d in documents]
    try:
        for source in opened:
            out.pages.extend(source.pages)
        buffer = io.BytesIO()
        out.save(buffer)
    finally:
        for source in opened:
            source.close()
    return buffer.getvalue()
