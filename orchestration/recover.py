"""`territorial-trade recover`: rebuild a damaged (or lost) warehouse from the archives its
builds cached in `raw/<year>/` (downloaded or generated), or from the local archives a year was
built from (recorded in `raw/<year>/acquired.json`, checked against their sha256), keeping the
old file aside.

For each year the archives of the vintage the current publication holds are taken (a newer
vintage cached but rejected or refused is not); without a publication, the newest cached one.
Nothing is downloaded: the archives are gathered in one folder and built as a local source.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from orchestration import files
from orchestration.errors import UserError
from orchestration.ingest.download import sha256_file
from orchestration.ingest.listing import parse_archive_link
from orchestration.ingest.sources import vintage_of


def choose_archives(raw: Path, vintages: dict[int, str]) -> dict[int, list[Path]]:
    """For every year folder of `raw` with archives: its export and import archives, of the
    vintage in `vintages` if given, else the newest. UserError naming the folder when a flow or
    the published vintage is missing."""
    chosen: dict[int, list[Path]] = {}
    years = sorted(int(p.name) for p in raw.iterdir() if p.is_dir() and p.name.isdigit())
    for year in years:
        folder = raw / str(year)
        links = {p: parse_archive_link(p.name) for p in _archives(folder)}
        found = [p for p, link in links.items() if link is not None and link.year == year]
        if not found:
            continue
        wanted = vintages.get(year)
        if wanted is not None:
            found = [p for p in found if vintage_of(p.name) == wanted]
        by_flow: dict[str, Path] = {}
        for path in found:  # sorted by name: the newest vintage last
            by_flow[links[path].flow] = path
        missing = [flow for flow in ("export", "import") if flow not in by_flow]
        if missing:
            of = f"of vintage {wanted} (the published one) " if wanted else ""
            raise UserError(
                f"{folder}: no {missing[0]} archive {of}for {year}: this year cannot be "
                "rebuilt from the cache; build it from its source"
            )
        chosen[year] = [by_flow["export"], by_flow["import"]]
    return chosen


def _archives(folder: Path) -> list[Path]:
    """The archives cached in a year's folder; none cached (a local source is read in place),
    those its last acquisition recorded that are still there with the same sha256."""
    cached = sorted(folder.glob("*.zip"))
    if cached:
        return cached
    try:
        inputs = json.loads((folder / "acquired.json").read_text(encoding="utf-8"))["inputs"]
    except (OSError, ValueError, KeyError):
        return []
    return sorted(
        Path(i["path"]) for i in inputs
        if i.get("kind") == "archive" and Path(i["path"]).is_file()
        and sha256_file(Path(i["path"])) == i.get("sha256")
    )  # fmt: skip


def _link(source: Path, target: Path) -> None:
    """`target` as a hard link to `source`, or a copy across file systems."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def gather(chosen: dict[int, list[Path]], raw: Path, folder: Path) -> Path:
    """The chosen archives in one folder, to build from. An archive that was not cached (a year
    built from a local folder) is first copied into its year's cache, `raw/<year>/` (a copy, not
    a link: the user's file may change), so that a later recovery still finds it when the
    folder it came from is gone or changed."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for year, paths in chosen.items():
        for path in paths:
            cached = raw / str(year) / path.name
            if path.resolve() != cached.resolve() and not cached.exists():
                files.copy_file(path, cached)
            _link(cached, folder / path.name)
    return folder


def contiguous(years: list[int]) -> bool:
    return years == list(range(years[0], years[-1] + 1))
