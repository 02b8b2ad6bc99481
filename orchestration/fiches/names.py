"""The names of the files a reader downloads, for their area and year: two downloads never
collide in a Downloads folder (`fiche-92-2024.pdf`, `fiche-region-11-2024.pdf`,
`fiche-france-2024.pdf`, `territoire-ti-1101-2024.pdf`). Pages made before these names
(`fiche.pdf`, `territoire.pdf`) are removed when their area is rendered or withdrawn."""

from __future__ import annotations

from pathlib import Path

LEGACY_FICHE_PDF = "fiche.pdf"
LEGACY_TERRITORY_PDF = "territoire.pdf"


def year_of(exports_year: Path) -> int:
    """The year of a year's pages folder (`exports/<year>/`), which names their PDFs."""
    return int(exports_year.name)


def fiche_pdf(level: str, code: str, year: int) -> str:
    """A fiche's PDF: the département's code alone, as readers know it; a region's and
    France's named (region 11 is not département 11)."""
    area = {"department": code, "region": f"region-{code}", "france": "france"}[level]
    return f"fiche-{area}-{year}.pdf"


def territory_pdf(ti_id: str, year: int) -> str:
    """A Territoire d'industrie's PDF (its page, then its départements' fiches)."""
    return f"territoire-{ti_id}-{year}.pdf"
