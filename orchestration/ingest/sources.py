"""Where a year of customs data comes from, and getting it into the local cache.

A source is written as one string (the `CUSTOMS_SOURCE` environment variable or `--source`):
- `synthetic`: archives written by the synthetic generator (offline; vintage `SYNTH`);
- `official`: the year's two annual archives found on the customs open-data listing page;
- an `https://` URL of the export (or import) archive; the other flow's URL is derived by
  swapping `export`/`import` in the file name, or given after a comma;
- a local directory holding the year's two archives, or the two extracted data files.

Everything acquired lands in `<warehouse folder>/raw/<year>/`, with a `manifest.json` that records
each file's URL, sha256, size and vintage. A re-run reuses a cached download whose URL is the same
and whose bytes still match the recorded sha256.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from orchestration import files
from orchestration.customs.labels import (
    label_kind,
    parse_code_labels,
    parse_departments,
)
from orchestration.customs.records import looks_like_data_line
from orchestration.ingest import archive as zips
from orchestration.ingest.download import (
    DEFAULT_DEADLINE,
    DEFAULT_MAX_BYTES,
    download,
    fetch_text,
    sha256_file,
)
from orchestration.ingest.listing import (
    ARCHIVE_RE,
    LISTING_URL,
    crawl_listing,
    newest_release,
    parse_archive_link,
    pick_year,
)
from orchestration.ingest.load import DataFile, LabelSet
from orchestration.reference import CUSTOMS_DIR

BUNDLED_LABELS_DIR = CUSTOMS_DIR


class SourceError(ValueError):
    """A source that cannot give the requested year; the message says what was looked at."""


@dataclass(frozen=True)
class SourceSpec:
    kind: str  # synthetic | official | url | directory
    urls: tuple[str, ...] = ()
    directory: Path | None = None

    @property
    def description(self) -> str:
        if self.kind == "url":
            return ", ".join(self.urls)
        if self.kind == "directory":
            return str(self.directory)
        return self.kind


def parse_source(value: str) -> SourceSpec:
    """Read a source string; raise SourceError with the accepted forms if it is none of them."""
    text = value.strip()
    if text in ("synthetic", "official"):
        return SourceSpec(kind=text)
    if text.startswith(("https://", "http://")):
        urls = tuple(u.strip() for u in text.split(",") if u.strip())
        return SourceSpec(kind="url", urls=urls)
    path = Path(text).expanduser()
    if path.is_dir():
        return SourceSpec(kind="directory", directory=path.resolve())
    raise SourceError(
        f"unknown customs source {value!r}: expected 'synthetic', 'official', an https:// URL "
        "of an archive, or an existing local directory"
    )


@dataclass
class InputFile:
    path: Path
    kind: str  # archive | data | labels
    vintage: str
    url: str = ""
    sha256: str = ""
    size: int = 0


@dataclass
class Acquired:
    year: int
    source: str
    inputs: list[InputFile] = field(default_factory=list)

    @property
    def vintage(self) -> str:
        vintages = sorted({i.vintage for i in self.inputs if i.kind != "labels"})
        return ",".join(vintages)


def vintage_of(name: str) -> str:
    match = ARCHIVE_RE.search(name)
    return match["vintage"] if match else "unknown"


def derive_other_url(url: str) -> str:
    """The import archive's URL from the export one's, or the reverse."""
    head, _, name = url.rpartition("/")
    if re.search("export", name, re.IGNORECASE):
        other = re.sub("export", "import", name, flags=re.IGNORECASE)
    elif re.search("import", name, re.IGNORECASE):
        other = re.sub("import", "export", name, flags=re.IGNORECASE)
    else:
        raise SourceError(
            f"cannot derive the other flow's archive from {url!r}: its file name holds neither "
            "'export' nor 'import'; give both URLs separated by a comma"
        )
    return f"{head}/{other}"


# ---------------------------------------------------------------- the download cache


def _manifest_path(cache: Path) -> Path:
    return cache / "manifest.json"


def read_manifest(cache: Path) -> dict[str, dict]:
    """The cache's manifest; an unreadable one is treated as no cache (with a warning)."""
    path = _manifest_path(cache)
    if not path.exists():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict) or not all(
            isinstance(v, dict) for v in manifest.values()
        ):
            raise ValueError("not an object of file entries")
    except (ValueError, UnicodeDecodeError) as exc:
        warnings.warn(
            f"{path}: unreadable download manifest ({exc}); ignoring the cache, files are "
            "downloaded again",
            stacklevel=2,
        )
        return {}
    return manifest


def _write_manifest(cache: Path, manifest: dict[str, dict]) -> None:
    files.write_text(_manifest_path(cache), json.dumps(manifest, indent=2, sort_keys=True))


def fetch_cached(
    url: str,
    cache: Path,
    *,
    max_bytes: int,
    timeout: float,
    retries: int,
    backoff: float,
    refresh: bool = False,
    deadline: float = DEFAULT_DEADLINE,
) -> InputFile:
    """Download `url` into `cache` unless the same URL is cached with intact bytes."""
    name = url.rsplit("/", 1)[-1].split("?", 1)[0]
    dest = cache / name
    manifest = read_manifest(cache)
    entry = manifest.get(name)
    if (
        not refresh
        and entry is not None
        and entry.get("url") == url
        and dest.exists()
        and sha256_file(dest) == entry.get("sha256")
    ):
        return InputFile(dest, "archive", entry["vintage"], url, entry["sha256"], entry["size"])
    got = download(
        url,
        dest,
        max_bytes=max_bytes,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        deadline_seconds=deadline,
    )
    entry = {
        "url": url,
        "sha256": got.sha256,
        "size": got.size,
        "vintage": vintage_of(name),
        "downloaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    manifest[name] = entry
    _write_manifest(cache, manifest)
    return InputFile(dest, "archive", entry["vintage"], url, got.sha256, got.size)


# ---------------------------------------------------------------- resolution


@dataclass(frozen=True)
class FetchOptions:
    listing_url: str = LISTING_URL
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 1.0
    refresh: bool = False
    deadline: float = DEFAULT_DEADLINE  # seconds for one file, retries included


def _scan_directory(directory: Path, year: int) -> list[InputFile]:
    """The year's two archives in a folder, or else its extracted data files (and annexes)."""
    archives = []
    for path in sorted(directory.glob("*.zip")):
        link = parse_archive_link(path.name)
        if link is not None and link.year == year:
            archives.append(path)
    if archives:
        links = [parse_archive_link(path.name) for path in archives]
        vintage, chosen = newest_release([link for link in links if link is not None])
        by_flow = {flow: directory / link.url for flow, link in chosen.items()}
        missing = [flow for flow in ("export", "import") if flow not in by_flow]
        if missing:
            found = ", ".join(p.name for p in by_flow.values())
            older = sorted({p.name for p in archives} - {p.name for p in by_flow.values()})
            also = f" (also there, from another release: {', '.join(older)})" if older else ""
            raise SourceError(
                f"{directory}: no {missing[0]} archive of release {vintage} for {year} "
                f"('{vintage}-Regional-{year}-{missing[0]}.zip'); found only {found}{also}. A "
                "year is built from one release for both flows."
            )
        return [
            InputFile(
                p, "archive", vintage_of(p.name), sha256=sha256_file(p), size=p.stat().st_size
            )
            for p in by_flow.values()
        ]
    inputs = []
    for path in sorted(directory.rglob("*")):
        if not path.is_file():
            continue
        if label_kind(path.name) is not None:
            inputs.append(InputFile(path, "labels", "n/a"))
            continue
        with path.open("rb") as handle:
            head = handle.readline(4096).decode("utf-8", errors="replace")
        if looks_like_data_line(head) and f";{year};" in head:
            inputs.append(InputFile(path, "data", "unknown", sha256=sha256_file(path)))
    if not any(i.kind == "data" for i in inputs):
        raise SourceError(
            f"{directory}: no archive named '*-Regional-{year}-export.zip' / '-import.zip' and no "
            f"extracted customs data file of {year} (10 ';' fields, first field E or I)"
        )
    return inputs


def acquire(
    spec: SourceSpec,
    year: int,
    cache: Path,
    options: FetchOptions | None = None,
    *,
    synthetic_scale: str = "sample",
    synthetic_seed: int = 0,
) -> Acquired:
    """Get the year's files into `cache` (downloading or generating them as the source says)."""
    options = options or FetchOptions()
    cache.mkdir(parents=True, exist_ok=True)
    acquired = Acquired(year=year, source=spec.description)
    if spec.kind == "synthetic":
        from orchestration.synth.generator import write_archives

        paths = write_archives(year, cache, scale=synthetic_scale, seed=synthetic_seed)
        acquired.inputs = [
            InputFile(p, "archive", "SYNTH", sha256=sha256_file(p), size=p.stat().st_size)
            for p in paths
        ]
        return acquired
    if spec.kind == "directory":
        assert spec.directory is not None
        acquired.inputs = _scan_directory(spec.directory, year)
        return acquired
    if spec.kind == "official":
        links = crawl_listing(
            options.listing_url,
            lambda url: fetch_text(url, timeout=options.timeout, retries=options.retries,
                                   backoff=options.backoff, deadline_seconds=options.deadline),
            deadline_seconds=options.deadline,
        )  # fmt: skip
        chosen = pick_year(links, year, options.listing_url)
        urls = [chosen["export"].url, chosen["import"].url]
    else:
        urls = list(spec.urls)
        if len(urls) == 1:
            urls.append(derive_other_url(urls[0]))
    acquired.inputs = [
        fetch_cached(
            url,
            cache,
            max_bytes=options.max_bytes,
            timeout=options.timeout,
            retries=options.retries,
            backoff=options.backoff,
            refresh=options.refresh,
            deadline=options.deadline,
        )
        for url in urls
    ]
    return acquired


# ---------------------------------------------------------------- from files to loadable inputs


def _bundled_label_bytes(kind: str) -> tuple[bytes, str]:
    for path in sorted(BUNDLED_LABELS_DIR.glob("*.txt")):
        if label_kind(path.name) == kind:
            return path.read_bytes(), f"bundled:{path.name}"
    raise SourceError(f"no bundled label file for {kind}")


@contextmanager
def prepared(
    acquired: Acquired, cache: Path, max_uncompressed: int = zips.DEFAULT_MAX_UNCOMPRESSED
) -> Iterator[tuple[list[DataFile], LabelSet]]:
    """`prepare` into a temporary folder of `cache`, removed when the block ends."""
    cache.mkdir(parents=True, exist_ok=True)
    for stale in cache.glob(".extracted-*"):  # left by a load that was killed
        shutil.rmtree(stale, ignore_errors=True)
    work_dir = Path(tempfile.mkdtemp(prefix=".extracted-", dir=cache))
    try:
        yield prepare(acquired, work_dir, max_uncompressed)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)


def prepare(
    acquired: Acquired, work_dir: Path, max_uncompressed: int = zips.DEFAULT_MAX_UNCOMPRESSED
) -> tuple[list[DataFile], LabelSet]:
    """Open the archives safely, extract the data files, parse the annexes.

    `max_uncompressed` caps the bytes extracted from all the archives together.
    """
    data_files: list[DataFile] = []
    label_bytes: dict[str, tuple[bytes, str]] = {}
    budget = max_uncompressed
    for item in acquired.inputs:
        if item.kind == "archive":
            contents = zips.inspect_archive(item.path, max_uncompressed)
            for member in contents.data_members:
                target = work_dir / item.path.stem / member.replace("/", "__")
                budget -= zips.extract_member(item.path, member, target, budget)
                data_files.append(
                    DataFile(
                        path=target,
                        source_name=f"{item.path.name}!{member}",
                        vintage=item.vintage,
                        sha256=item.sha256,
                        url=item.url,
                    )
                )
            for kind, member in contents.label_members.items():
                label_bytes.setdefault(
                    kind, (zips.read_member(item.path, member), f"{item.path.name}!{member}")
                )
        elif item.kind == "data":
            nul = zips.find_nul(item.path)
            if nul is not None:
                raise zips.ArchiveError(
                    f"{item.path.name}, line {nul[0]:,}: NUL byte (offset {nul[1]:,}); a customs "
                    "data file is plain text; refused"
                )
            data_files.append(
                DataFile(item.path, item.path.name, item.vintage, item.sha256, item.url)
            )
        elif item.kind == "labels":
            kind = label_kind(item.path.name)
            if kind is not None:
                label_bytes.setdefault(kind, (item.path.read_bytes(), item.path.name))
    for kind in ("cpf4", "a129", "country", "departments"):
        if kind not in label_bytes:
            label_bytes[kind] = _bundled_label_bytes(kind)
    labels = LabelSet(
        cpf4=parse_code_labels(*label_bytes["cpf4"]),
        a129=parse_code_labels(*label_bytes["a129"]),
        country=parse_code_labels(*label_bytes["country"]),
        departments=parse_departments(*label_bytes["departments"]),
        sources={kind: source for kind, (_, source) in label_bytes.items()},
    )
    return data_files, labels


def save_acquired(acquired: Acquired, path: Path) -> None:
    """Record what was acquired (atomically), for the load step to pick up."""
    payload = {
        "year": acquired.year,
        "source": acquired.source,
        "inputs": [{**asdict(i), "path": str(i.path)} for i in acquired.inputs],
    }
    files.write_text(path, json.dumps(payload, indent=2))


def load_acquired(path: Path) -> Acquired:
    if not path.exists():
        raise SourceError(f"{path}: nothing acquired for this year yet (run the download first)")
    payload = json.loads(path.read_text(encoding="utf-8"))
    inputs = [InputFile(**{**i, "path": Path(i["path"])}) for i in payload["inputs"]]
    return Acquired(year=payload["year"], source=payload["source"], inputs=inputs)
