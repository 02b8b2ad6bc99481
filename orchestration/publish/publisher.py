"""Publish the marts and dims for BI tools, atomically, keeping previous versions.

Layout, in the warehouse's folder:

    published/
      trade.duckdb            the current version (a hard link to versions/<id>/trade.duckdb)
      parquet -> versions/<id>/parquet     (a symbolic link)
      CURRENT                 the id of the current version
      versions/<id>/          every kept version: trade.duckdb, parquet/, manifest.json

A new version is written in full under `versions/<id>/` (a file no reader has open), then swapped
in by `rename`: a reader holding the old `trade.duckdb` open keeps reading the old inode without
error, a new reader opens the new file, nobody sees half of one. The build never opens the
published file for writing, so it never waits on a reader's lock.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

# What BI users read: marts and dims (not raw, not staging); by year where it applies.
PUBLISHED_TABLES = (
    "dim_areas", "dim_products", "dim_countries", "trade_department", "trade_region",
    "trade_france", "trade_totals", "partner_balance", "product_shares", "top_flows",
    "dim_territoires_industrie",
)  # fmt: skip
UNPARTITIONED = {"dim_areas", "dim_territoires_industrie"}
# The published file is written in an older storage format, so that BI clients whose DuckDB lags
# behind (the DuckDB CLI from PyPI, JDBC/ODBC drivers) can open it: readable by DuckDB >= 1.4.
PUBLISHED_STORAGE_VERSION = "v1.4.0"
DEFAULT_KEEP = 3


class PublishError(RuntimeError):
    pass


@dataclass(frozen=True)
class Publication:
    version: str
    folder: Path
    tables: dict[str, int]  # table -> rows


def published_dir(warehouse: Path) -> Path:
    return warehouse.parent / "published"


def _new_version_id(versions: Path) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    version, n = stamp, 1
    while (versions / version).exists():
        n += 1
        version = f"{stamp}-{n}"
    return version


def current_version(root: Path) -> str | None:
    path = root / "CURRENT"
    return path.read_text().strip() if path.exists() else None


def list_versions(root: Path) -> list[str]:
    versions = root / "versions"
    if not versions.exists():
        return []
    return sorted(p.name for p in versions.iterdir() if (p / "manifest.json").exists())


def _write_text_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _swap_in(root: Path, version: str) -> None:
    """Point `trade.duckdb`, `parquet` and `CURRENT` at `version`, each by one rename."""
    source = root / "versions" / version
    tmp_db = root / f".trade.duckdb.{os.getpid()}.tmp"
    tmp_db.unlink(missing_ok=True)
    os.link(source / "trade.duckdb", tmp_db)
    tmp_db.replace(root / "trade.duckdb")
    tmp_link = root / f".parquet.{os.getpid()}.tmp"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(Path("versions") / version / "parquet", target_is_directory=True)
    tmp_link.replace(root / "parquet")
    _write_text_atomic(root / "CURRENT", version + "\n")


def _build_version(warehouse: Path, target: Path) -> dict[str, int]:
    """Copy the marts into a new DuckDB file and Parquet files under `target`."""
    target.mkdir(parents=True)
    db = target / "trade.duckdb"
    parquet = target / "parquet"
    parquet.mkdir()
    counts = {}
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{warehouse}' AS wh (READ_ONLY)")
        con.execute(f"ATTACH '{db}' AS pub (STORAGE_VERSION '{PUBLISHED_STORAGE_VERSION}')")
        con.execute("CREATE SCHEMA pub.marts")
        for table in PUBLISHED_TABLES:
            con.execute(f"CREATE TABLE pub.marts.{table} AS SELECT * FROM wh.marts.{table}")
            counts[table] = con.execute(f"SELECT count(*) FROM pub.marts.{table}").fetchone()[0]
            if table in UNPARTITIONED:
                con.execute(
                    f"COPY pub.marts.{table} TO '{parquet / table}.parquet' (FORMAT parquet)"
                )
            else:
                con.execute(
                    f"COPY pub.marts.{table} TO '{parquet / table}' "
                    "(FORMAT parquet, PARTITION_BY (year))"
                )
        con.execute("DETACH pub")
        con.execute("DETACH wh")
    return counts


def publish(warehouse: Path, keep: int = DEFAULT_KEEP) -> Publication:
    """Write a new version beside the old ones, swap it in, prune beyond `keep` versions."""
    if keep < 1:
        raise PublishError("keep must be at least 1")
    root = published_dir(warehouse)
    versions = root / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    version = _new_version_id(versions)
    staging = versions / f".{version}.building"
    try:
        counts = _build_version(warehouse, staging)
        manifest = {"version": version, "warehouse": str(warehouse), "tables": counts,
                    "published_at": datetime.now(UTC).isoformat(timespec="seconds")}  # fmt: skip
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        staging.rename(versions / version)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(root, version)
    prune(root, keep)
    return Publication(version, versions / version, counts)


def prune(root: Path, keep: int) -> list[str]:
    """Remove the oldest versions beyond `keep` (never the current one)."""
    current = current_version(root)
    removed = []
    for version in list_versions(root)[:-keep]:
        if version != current:
            shutil.rmtree(root / "versions" / version)
            removed.append(version)
    return removed


def rollback(warehouse: Path) -> str:
    """Make the version before the current one current again; return its id."""
    root = published_dir(warehouse)
    current = current_version(root)
    older = [v for v in list_versions(root) if current is None or v < current]
    if not older:
        raise PublishError(f"{root}: no earlier publication to roll back to")
    _swap_in(root, older[-1])
    return older[-1]
