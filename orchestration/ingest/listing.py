"""Find the annual regional archives of a year on the customs open-data listing page.

The listing is paginated; links to the regional archives look like
`/sites/default/files/2023-10/06/202308-Regional-2022-export.zip` (the vintage prefix and the
upload folder change at every re-publication, one file even had a `_0` suffix).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

LISTING_URL = (
    "https://www.douane.gouv.fr/la-douane/opendata?f%5B0%5D=categorie_opendata_facet%3A458"
)
ARCHIVE_RE = re.compile(
    r"(?P<vintage>\d{6}|SYNTH)-Regional-(?P<year>\d{4})-(?P<flow>export|import)(?:_\d+)?\.zip$",
    re.IGNORECASE,
)
MAX_PAGES = 100


class ListingError(RuntimeError):
    """The listing could not answer: page unreachable, or the year is not published."""


@dataclass(frozen=True)
class ArchiveLink:
    url: str
    year: int
    flow: str  # "export" | "import"
    vintage: str  # YYYYMM


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            for name, value in attrs:
                if name == "href" and value:
                    self.hrefs.append(value)


def page_links(html: str, base_url: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return [urljoin(base_url, href) for href in parser.hrefs]


def parse_archive_link(url: str) -> ArchiveLink | None:
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    match = ARCHIVE_RE.search(name)
    if not match:
        return None
    return ArchiveLink(
        url=url,
        year=int(match["year"]),
        flow=match["flow"].lower(),
        vintage=match["vintage"],
    )


def _is_pagination(url: str, listing_url: str) -> bool:
    a, b = urlsplit(url), urlsplit(listing_url)
    return a.netloc == b.netloc and a.path == b.path and "page=" in a.query


def crawl_listing(
    listing_url: str,
    fetch: Callable[[str], str],
    max_pages: int = MAX_PAGES,
    deadline_seconds: float | None = None,
) -> list[ArchiveLink]:
    """Every regional annual archive linked from the listing and its pagination, read within
    `deadline_seconds` in all (None: no overall bound; each page's fetch has its own)."""
    seen_pages: set[str] = set()
    queue = [listing_url]
    found: dict[str, ArchiveLink] = {}
    started = time.monotonic()
    while queue and len(seen_pages) < max_pages:
        page = queue.pop(0)
        if page in seen_pages:
            continue
        if deadline_seconds is not None and time.monotonic() - started > deadline_seconds:
            raise ListingError(f"{listing_url}: the listing was not read within "
                               f"{deadline_seconds:,.0f} s ({len(seen_pages)} pages read); the "
                               "server is too slow, gave up")  # fmt: skip
        seen_pages.add(page)
        for link in page_links(fetch(page), page):
            archive = parse_archive_link(link)
            if archive is not None:
                found.setdefault(archive.url, archive)
            elif _is_pagination(link, listing_url) and link not in seen_pages:
                queue.append(link)
    return sorted(found.values(), key=lambda a: (a.year, a.flow, a.vintage, a.url))


def vintage_rank(vintage: str) -> tuple[int, str]:
    """How recent a release is: `YYYYMM` by its date; anything else (`SYNTH`, the synthetic
    source's) before every release of the customs, so that it never outranks one."""
    return (1, vintage) if vintage.isdigit() else (0, vintage)


def newest_release(links: list[ArchiveLink]) -> tuple[str, dict[str, ArchiveLink]]:
    """The newest vintage among `links` (one year's) and its archive of each flow it has: a
    year is built from one release for both flows, never the export of one and the import of
    another."""
    vintage = max((link.vintage for link in links), key=vintage_rank)
    chosen: dict[str, ArchiveLink] = {}
    for link in links:
        if link.vintage == vintage:
            best = chosen.get(link.flow)
            if best is None or link.url > best.url:
                chosen[link.flow] = link
    return vintage, chosen


def pick_year(links: list[ArchiveLink], year: int, listing_url: str) -> dict[str, ArchiveLink]:
    """The export and import archives of `year`'s newest release; ListingError if the year is
    not listed, or if its newest release lacks a flow (the older one is not mixed in)."""
    mine = [link for link in links if link.year == year]
    if not mine:
        years = sorted({link.year for link in links})
        latest = f"latest year listed: {years[-1]}" if years else "no regional archive listed"
        raise ListingError(
            f"year {year} is not published yet on {listing_url} "
            f"(missing the export and import archive; {latest})"
        )
    vintage, chosen = newest_release(mine)
    missing = sorted({"export", "import"} - chosen.keys())
    if missing:
        raise ListingError(
            f"year {year} is not published whole on {listing_url}: its newest release, "
            f"{vintage}, has no {' and no '.join(missing)} archive, and a year is built from one "
            "release for both flows; try again once it is listed, or give both archives with "
            "--source"
        )
    return chosen
