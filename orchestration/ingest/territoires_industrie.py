"""The Territoires d'industrie (programme 2023-2027): territories and the départements they touch.

Two forms of the list, one result:
- `bundled`: the list shipped in `orchestration/reference/territoires_industrie/` (183 territories,
  the départements each covers with the share of its area, derived from ANCT's shapes);
- the official commune list (`insee_com,lib_com,id_ti,lib_ti`, data.gouv.fr), where a commune can
  carry several territories (`id_ti` and `lib_ti` separated by ` ; `): départements come exactly
  from the commune codes, and a département's share is its share of the territory's communes.

Département codes are those of the warehouse's areas (INSEE): 97x overseas, and Corsica undivided
as `20` (2A and 2B cannot be told apart in the customs data).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from orchestration.reference import TERRITOIRES_DEPARTMENTS_FILE as DEPARTMENTS_FILE
from orchestration.reference import TERRITOIRES_FILE as TERRITORIES_FILE
from orchestration.warehouse import connect, transaction

OFFICIAL_URL = (
    "https://static.data.gouv.fr/resources/programme-territoires-dindustrie/20240704-091848/"
    "liste-ti-com2023-20240704.csv"
)


class TerritoiresError(ValueError):
    """A list that cannot be read; the message names the file, the line and the value."""


@dataclass(frozen=True)
class TerritoryDepartment:
    ti_id: str
    ti_name: str
    department_code: str  # INSEE, Corsica as 20
    department_share: float
    is_main_department: bool
    source_department_codes: str  # as in the source (2A;2B for Corsica)


def area_department(code: str) -> str:
    """The warehouse's département code: 2A and 2B become the undivided 20."""
    return "20" if code in ("2A", "2B") else code


def department_of_commune(insee_com: str) -> str:
    """A commune's département: 3 characters for 97x (overseas), else 2; 2A/2B kept."""
    code = insee_com.strip()
    if len(code) != 5:
        raise ValueError(f"commune code {insee_com!r} is not 5 characters")
    return code[:3] if code.startswith("97") else code[:2]


def _rows(text: str, source: str, required: list[str]) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise TerritoiresError(f"{source}: missing column(s) {missing}; found {reader.fieldnames}")
    return [(reader.line_num, row) for row in reader]


def _finish(counts: dict[str, dict[str, float]], names: dict[str, str],
            sources: dict[tuple[str, str], set[str]], main: dict[str, str] | None = None
            ) -> list[TerritoryDepartment]:  # fmt: skip
    out = []
    for ti_id in sorted(counts):
        total = sum(counts[ti_id].values()) or 1.0
        shares = {dep: value / total for dep, value in counts[ti_id].items()}
        chosen = (main or {}).get(ti_id) or min(shares, key=lambda d: (-shares[d], d))
        for dep in sorted(shares, key=lambda d: (-shares[d], d)):
            out.append(TerritoryDepartment(
                ti_id, names[ti_id], dep, round(shares[dep], 4), dep == chosen,
                ";".join(sorted(sources[(ti_id, dep)])),
            ))  # fmt: skip
    return out


def parse_bundled(territories_text: str, departments_text: str,
                  source: str = "bundled") -> list[TerritoryDepartment]:  # fmt: skip
    """The shipped list: its département table, Corsica's 2A/2B folded into 20."""
    names, main = {}, {}
    for line, row in _rows(
        territories_text, f"{source}:liste-ti", ["id_ti", "lib_ti", "dep_principal_derive"]
    ):
        if not row["id_ti"].startswith("ti-"):
            raise TerritoiresError(f"{source}:liste-ti, line {line}: bad id {row['id_ti']!r}")
        names[row["id_ti"]] = row["lib_ti"].strip()
        main[row["id_ti"]] = area_department(row["dep_principal_derive"].strip())
    counts: dict[str, dict[str, float]] = defaultdict(dict)
    sources: dict[tuple[str, str], set[str]] = defaultdict(set)
    for line, row in _rows(departments_text, f"{source}:liste-ti-dep",
                           ["id_ti", "insee_dep", "part_surface_ti"]):  # fmt: skip
        ti_id = row["id_ti"]
        if ti_id not in names:
            raise TerritoiresError(
                f"{source}:liste-ti-dep, line {line}: unknown territory {ti_id!r}"
            )
        try:
            share = float(row["part_surface_ti"])
        except ValueError as exc:
            raise TerritoiresError(
                f"{source}:liste-ti-dep, line {line}: share {row['part_surface_ti']!r} "
                "is not a number"
            ) from exc
        dep = area_department(row["insee_dep"].strip())
        counts[ti_id][dep] = counts[ti_id].get(dep, 0.0) + share
        sources[(ti_id, dep)].add(row["insee_dep"].strip())
    return _finish(counts, names, sources, main)


def load_bundled() -> list[TerritoryDepartment]:
    return parse_bundled(TERRITORIES_FILE.read_text(encoding="utf-8"),
                         DEPARTMENTS_FILE.read_text(encoding="utf-8"))  # fmt: skip


def parse_commune_list(text: str, source: str = "liste-ti-com") -> list[TerritoryDepartment]:
    """ANCT's commune list: `insee_com,lib_com,id_ti,lib_ti`, ids and names separated by ` ; `."""
    names: dict[str, str] = {}
    counts: dict[str, dict[str, float]] = defaultdict(dict)
    sources: dict[tuple[str, str], set[str]] = defaultdict(set)
    for line, row in _rows(text, source, ["insee_com", "id_ti", "lib_ti"]):
        if None in row or any(v is None for v in row.values()):
            raise TerritoiresError(f"{source}, line {line}: wrong number of fields: {row}")
        ids = [v.strip() for v in row["id_ti"].split(";") if v.strip()]
        labels = [v.strip() for v in row["lib_ti"].split(" ; ")]
        if not ids or any(not i.startswith("ti-") for i in ids):
            raise TerritoiresError(f"{source}, line {line}: bad territory id {row['id_ti']!r}")
        if len(labels) != len(ids):
            raise TerritoiresError(
                f"{source}, line {line}: {len(ids)} territory ids but {len(labels)} names "
                f"({row['id_ti']!r} / {row['lib_ti']!r})"
            )
        try:
            raw_dep = department_of_commune(row["insee_com"])
        except ValueError as exc:
            raise TerritoiresError(f"{source}, line {line}: {exc}") from exc
        dep = area_department(raw_dep)
        for ti_id, label in zip(ids, labels, strict=True):
            names.setdefault(ti_id, label)
            counts[ti_id][dep] = counts[ti_id].get(dep, 0.0) + 1
            sources[(ti_id, dep)].add(raw_dep)
    if not names:
        raise TerritoiresError(f"{source}: no commune rows")
    return _finish(counts, names, sources)


def _verify_csv(path: Path, url: str) -> None:
    head = path.read_bytes()[:200].decode("utf-8", errors="replace").lstrip("\ufeff")
    if not head.startswith("insee_com"):
        raise TerritoiresError(f"{url}: not the ANCT commune list (starts with {head[:40]!r})")


def check_source(source: str) -> None:
    """TerritoiresError unless `source` is `bundled`, `official`, an http(s) URL or an existing
    file (what `acquire_territoires` takes), before anything is built."""
    if source in ("bundled", "official") or source.startswith(("https://", "http://")):
        return
    if not Path(source).expanduser().is_file():
        raise TerritoiresError(
            f"unknown Territoires d'industrie source {source!r}: expected 'bundled', 'official', "
            "an https:// URL or a local commune-list CSV file"
        )


def acquire_territoires(source: str, cache: Path) -> tuple[list[TerritoryDepartment], str, str]:
    """(rows, mode, file) from `bundled`, `official` (download) or a local commune-list file."""
    check_source(source)
    if source == "bundled":
        return load_bundled(), "bundled", str(DEPARTMENTS_FILE.name)
    if source == "official" or source.startswith(("https://", "http://")):
        from orchestration.ingest.download import download

        url = OFFICIAL_URL if source == "official" else source
        dest = cache / url.rsplit("/", 1)[-1]
        download(url, dest, max_bytes=64 * 1024**2, verify=_verify_csv)
        return parse_commune_list(dest.read_text(encoding="utf-8"), dest.name), "communes", url
    path = Path(source).expanduser()
    return parse_commune_list(path.read_text(encoding="utf-8"), path.name), "communes", str(path)


def load_territoires(warehouse: Path, rows: list[TerritoryDepartment], mode: str, file: str) -> int:
    """Replace `raw.territoires_industrie` in one transaction."""
    import pandas as pd

    frame = pd.DataFrame([r.__dict__ for r in rows]).assign(source_mode=mode, source_file=file)
    with connect(warehouse) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS raw")
        con.register("frame_in", frame)
        with transaction(con):
            con.execute(
                "CREATE OR REPLACE TABLE raw.territoires_industrie AS SELECT * FROM frame_in"
            )
        con.unregister("frame_in")
    return len(frame)
