"""What a reader sees in a PDF, measured with PyMuPDF: each page's empty space, the smallest text,
the links, the bookmarks and the metadata. Used by the fiche tests and the demo's slow test."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FOOTER = 45.0  # points at the bottom of an A4 page that the footer takes (1.6 cm margin)
TOP = 40.0  # the top margin (1.4 cm)


@dataclass
class PdfLayout:
    pages: int
    empty: list[float]  # per page, the share of the text area left empty below the content
    smallest_text: float  # points
    links: list[str]
    bookmarks: list[tuple[int, str, int]]  # (level, title, page)
    metadata: dict
    footers: list[str]  # the last line of each page
    # (page, top, bottom) of each page with a drawing beyond its text area (above the top margin
    # or into the footer): a chart cut or printed over the footer
    outside: list[tuple[int, int, int]]


def pdf_layout(path: Path) -> PdfLayout:
    import pymupdf

    document = pymupdf.open(str(path))
    empty, sizes, links, footers, outside = [], [], [], [], []
    for number, page in enumerate(document, start=1):
        height = page.rect.height
        beyond = [d["rect"] for d in page.get_drawings()
                  if d["rect"].y1 > height - FOOTER + 2 or d["rect"].y0 < TOP - 2]  # fmt: skip
        if beyond:
            outside.append((number, round(min(r.y0 for r in beyond)),
                            round(max(r.y1 for r in beyond))))  # fmt: skip
        bottoms = []
        text = page.get_text("dict")
        for block in text["blocks"]:
            if block["bbox"][1] < height - FOOTER:
                bottoms.append(block["bbox"][3])
            for line in block.get("lines", []):
                sizes.extend(span["size"] for span in line["spans"] if span["text"].strip())
        bottoms += [d["rect"].y1 for d in page.get_drawings() if d["rect"].y0 < height - FOOTER]
        bottoms += [i["bbox"][3] for i in page.get_image_info() if i["bbox"][1] < height - FOOTER]
        bottom = min(max(bottoms, default=TOP), height - FOOTER)
        empty.append((height - FOOTER - bottom) / (height - FOOTER - TOP))
        links += [link.get("uri") for link in page.get_links() if link.get("uri")]
        lines = [ln.strip() for ln in page.get_text().splitlines() if ln.strip()]
        footers.append(lines[-1] if lines else "")
    return PdfLayout(len(document), empty, min(sizes, default=0.0), links, document.get_toc(),
                     document.metadata, footers, outside)  # fmt: skip


# The practical information's links, clickable in page and PDF.
PRACTICAL_LINKS = {"https://anct.gouv.fr", "https://anct.gouv.fr/actualites",
                   "https://www.entreprises.gouv.fr/la-dge/actualites",
                   "mailto:territoires-industrie@anct.gouv.fr"}  # fmt: skip


# the least a last page holds: the source note alone was 2 % of it (95 of the 120 fiches of the
# demo until 2026-12-08); the practical information with it, 13 %
LAST_PAGE_USED = 0.10


def check_fiche_pdf(path: Path, max_empty: float = 0.30) -> PdfLayout:
    """A fiche's PDF as the issue asks: every drawing within its page's text area, no page but
    the last more than `max_empty` empty and the last not near-empty, text of 6.5 pt or more,
    the practical links clickable, a title."""
    layout = pdf_layout(path)
    assert layout.outside == [], (path, layout.outside)
    assert 1 - layout.empty[-1] >= LAST_PAGE_USED, (path, layout.empty[-1])
    assert layout.smallest_text >= 6.5 - 0.01, (path, layout.smallest_text)
    loose = [(i + 1, round(e, 2)) for i, e in enumerate(layout.empty[:-1]) if e > max_empty]
    assert loose == [], (path, loose)
    assert set(layout.links) >= PRACTICAL_LINKS, (path, layout.links)
    assert layout.metadata.get("title", "").startswith("Commerce extérieur"), layout.metadata
    return layout


def check_territory_pdf(path: Path, department_names: list[str]) -> PdfLayout:
    """A territory's PDF: title and author, its page then one bookmarked fiche per département
    (each once), page numbers that run on to the last page."""
    layout = pdf_layout(path)
    # page 1 is the territory's own: its locator map is France clipped to a frame (the paths
    # beyond it are cut by the clip, which `get_drawings` does not apply); the fiches follow
    assert [p for p in layout.outside if p[0] > 1] == [], (path, layout.outside)
    assert 1 - layout.empty[-1] >= LAST_PAGE_USED, (path, layout.empty[-1])
    assert layout.metadata.get("title", "").startswith("Territoire d'industrie"), layout.metadata
    assert layout.metadata.get("author"), layout.metadata
    top = [title for level, title, _ in layout.bookmarks if level == 1]
    assert top[1:] == department_names, top  # the territory first, then each fiche once
    n = layout.pages
    for i, footer in enumerate(layout.footers, start=1):
        assert footer.endswith(f"page {i} / {n}"), (i, footer)
    return layout
