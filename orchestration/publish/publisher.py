"""Publish the marts and dims for BI tools, atomically, keeping previous versions.

Layout, in the warehouse's folder:

    published/
      current -> versions/<id>              THE pointer: one symbolic link, swapped by one rename
      trade.duckdb -> current/trade.duckdb  fixed links for BI tools, through the pointer
      parquet -> current/parquet
      versions/<id>/                        every kept version: trade.duckdb, parquet/,
                                            manifest.json (tables, years, previous version)

A new version is written in full under `versions/.<id>.building`, renamed to `versions/<id>`,
then made current by replacing the `current` link in one `rename`: a reader holding the old
`trade.duckdb` open keeps reading the old inode without error, a new reader opens the new file,
nobody ever sees the DuckDB file of one version beside the Parquet of another. Each version's
manifest names the version that was current when it was published, so `rollback` always returns
to the version published before the current one (a stack: publish V3, roll back to V2, publish
V4, roll back: V2 again). The build never opens the published file for writing, so it never
waits on a reader's lock. No SQL is built by pasting paths: they are query parameters.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration import files
from orchestration.publish import about, workbook
from orchestration.publish.dictionary import dictionary_markdown
from orchestration.publish.tables import PUBLISHED_TABLES, UNINDEXED, UNPARTITIONED
from orchestration.settings import DEFAULT_PUBLISH_KEEP, duckdb_memory_limit, size_bytes
from orchestration.warehouse import connect, duckdb_config, has_relation

# What BI users read: marts and dims (not raw, not staging); by year where it applies.
# The publication copies: DuckDB's buffer pool only caches there and fills whatever it is given
# (ten full-size years: 1089 MiB of the process at 1GB, 609 MiB at 512MB, 12.8 s and 13.7 s), so
# it gets at most this, or the configured limit if lower.
COPY_MEMORY_LIMIT = "512MB"
# The published file is written in an older storage format, so that BI clients whose DuckDB lags
# behind (the DuckDB CLI from PyPI, JDBC/ODBC drivers) can open it: readable by DuckDB >= 1.4.
PUBLISHED_STORAGE_VERSION = "v1.4.0"


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
    """The version the `current` pointer names (or, for a layout before it, `CURRENT`)."""
    pointer = root / "current"
    if pointer.is_symlink():
        return Path(os.readlink(pointer)).name
    legacy = root / "CURRENT"
    return legacy.read_text().strip() if legacy.exists() else None


def list_versions(root: Path) -> list[str]:
    versions = root / "versions"
    if not versions.exists():
        return []
    return sorted(p.name for p in versions.iterdir()
                  if not p.name.startswith(".") and (p / "manifest.json").exists())  # fmt: skip


def read_manifest(root: Path, version: str) -> dict:
    path = root / "versions" / version / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PublishError(f"{path}: unreadable publication manifest ({exc})") from exc


def _point_at(root: Path, version: str) -> None:
    """Make `version` current: one rename of the `current` link; fixed links made once."""
    files.replace_symlink(root / "current", Path("versions") / version)
    for name in ("trade.duckdb", "parquet"):
        link = root / name
        target = Path("current") / name
        if not link.is_symlink() or Path(os.readlink(link)) != target:
            files.replace_symlink(link, target)  # the layout before `current`: moved once
    (root / "CURRENT").unlink(missing_ok=True)


def copy_memory_limit() -> str:
    """COPY_MEMORY_LIMIT, or the configured DuckDB memory limit if it is lower."""
    return min(COPY_MEMORY_LIMIT, duckdb_memory_limit(), key=size_bytes)


INFO_TABLE = "publication_info"


def _writer_version() -> str:
    """A hash of the code that writes the Parquet, CSV and XLSX files: a change of it writes
    them again rather than reusing the previous version's."""
    from orchestration.publish import spreadsheet

    digest = hashlib.sha256()
    for module in (workbook, spreadsheet):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def _output_keys(prints: dict[str, str], info: list[dict]) -> dict[str, str]:
    """What each group of output files is made from: a table's Parquet and CSV files, its
    fingerprint; a year's workbook, the fingerprints of its sheets and its « Lisez-moi » head.
    Equal keys in the previous version: its files are linked into the new one, not rewritten."""
    writer = _writer_version()
    keys = {}
    for table in PUBLISHED_TABLES:
        keys[f"parquet:{table}"] = f"{writer}:{prints.get(table)}"
        keys[f"csv:{table}"] = f"{writer}:{prints.get(table)}"
    sheets = ",".join(str(prints.get(t)) for t in workbook.WORKBOOK_TABLES)
    for row in info:
        head = json.dumps(_workbook_head(row), ensure_ascii=False)
        keys[f"xlsx:{row['year']}"] = hashlib.sha256(
            f"{writer}:{sheets}:{head}".encode()).hexdigest()  # fmt: skip
    return keys


def _output_files(folder: Path, group: str) -> list[Path]:
    """The files of one group of outputs in a version folder (see `_output_keys`)."""
    kind, name = group.split(":", 1)
    if kind == "parquet":
        single = folder / "parquet" / f"{name}.parquet"
        parts = sorted((folder / "parquet" / name).rglob("*.parquet"))
        return [single] if single.exists() else parts
    if kind == "csv":
        single = folder / "csv" / f"{name}.csv"
        return [single] if single.exists() else sorted((folder / "csv" / name).glob("*.csv"))
    return [p for p in [folder / "xlsx" / f"commerce_exterieur_{name}.xlsx"] if p.exists()]


def _file_record(path: Path) -> dict[str, int | str]:
    """A published file's size and sha256, as its version's manifest keeps them."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {"size": path.stat().st_size, "sha256": digest.hexdigest()}


def _intact(path: Path, record: dict | None) -> bool:
    """Whether a file of a previous version is still as its manifest recorded it (a damaged,
    truncated or replaced file is not, nor a file of a version that recorded none)."""
    if record is None or not path.is_file() or path.stat().st_size != record.get("size"):
        return False
    return _file_record(path)["sha256"] == record.get("sha256")


def _reuse(previous: Path | None, before: dict, keys: dict[str, str], target: Path
           ) -> tuple[set[str], dict[str, dict]]:  # fmt: skip
    """Link into `target` the files of every output group whose key is the same in the previous
    version `before` (its manifest) and whose files are still as that manifest recorded them
    (size and sha256: a damaged file is written again, never shared into a new version; versions
    are never written after they are published, so sharing an intact file is safe). Returns the
    groups reused and the records of their files."""
    reused: set[str] = set()
    records: dict[str, dict] = {}
    if previous is None:
        return reused, records
    recorded = before.get("files") or {}
    for group, key in keys.items():
        if (before.get("outputs") or {}).get(group) != key:
            continue
        found = _output_files(previous, group)
        names = [path.relative_to(previous).as_posix() for path in found]
        pairs = list(zip(found, names, strict=True))
        if not pairs or not all(_intact(path, recorded.get(name)) for path, name in pairs):
            continue
        for path, name in pairs:
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, destination)
            except OSError:  # another file system, or links refused: copy
                shutil.copy2(path, destination)
            records[name] = recorded[name]
        reused.add(group)
    return reused, records


def _record_files(target: Path, known: dict[str, dict]) -> dict[str, dict]:
    """The size and sha256 of every output file of a version (its Parquet, CSV and XLSX files),
    those linked from the previous version taken from its records."""
    out = {}
    for folder in ("parquet", "csv", "xlsx"):
        for path in sorted((target / folder).rglob("*")):
            if path.is_file():
                name = path.relative_to(target).as_posix()
                out[name] = known.get(name) or _file_record(path)
    return out


def _build_version(
    warehouse: Path,
    target: Path,
    version: str,
    published_at: str,
    prints: dict[str, str] | None = None,
    previous: Path | None = None,
    before: dict | None = None,
) -> tuple[dict[str, int], list[int], list[dict], dict[str, list[str]], dict[str, str],
           dict[str, list[str]], dict[str, dict]]:  # fmt: skip
    """Copy the marts into a new DuckDB file and Parquet files under `target`, with the table
    `publication_info` (source, licence, citation, vintage of each year). The Parquet, CSV and
    XLSX files of the `previous` version whose inputs are unchanged and whose files are intact
    (`before`: its manifest, with the output keys and the files' records) are linked, not written
    again. Returns the row counts, years, publication info, columns, output keys, the promoted
    loads of each year (what `status` calls published) and the records of the output files."""
    target.mkdir(parents=True)
    db = target / "trade.duckdb"
    parquet = target / "parquet"
    parquet.mkdir()
    counts = {}
    spill = target.parent / ".tmp"  # where DuckDB spills beyond its memory limit
    config = duckdb_config(temp_directory=str(spill), memory_limit=copy_memory_limit())
    with duckdb.connect(config=config) as con:
        con.execute("ATTACH ? AS wh (READ_ONLY)", [str(warehouse)])
        con.execute(f"ATTACH ? AS pub (STORAGE_VERSION '{PUBLISHED_STORAGE_VERSION}')", [str(db)])
        con.execute("CREATE SCHEMA pub.marts")
        keys = _primary_keys()
        years = [r[0] for r in con.execute(
            "SELECT DISTINCT year FROM wh.marts.trade_totals ORDER BY 1"
        ).fetchall()]  # fmt: skip
        promoted = con.execute(
            "SELECT year, vintage, load_ids FROM wh.marts.dim_years WHERE year IN "
            "(SELECT year FROM wh.marts.trade_totals)"
        ).fetchall()  # fmt: skip
        vintages = {year: vintage for year, vintage, _ in promoted}
        loads = {str(year): ids for year, _, ids in promoted}
        info = about.publication_info(vintages, version, published_at)
        outputs = _output_keys(prints or {}, info)
        reused, kept = _reuse(previous, before or {}, outputs, target) if prints else (set(), {})
        for table in PUBLISHED_TABLES:
            _copy_table(con, table, keys.get(table) if table not in UNINDEXED else None)
            counts[table] = con.execute(f"SELECT count(*) FROM pub.marts.{table}").fetchone()[0]
            if f"parquet:{table}" in reused:
                pass
            elif table in UNPARTITIONED:
                con.execute(
                    f"COPY pub.marts.{table} TO ? (FORMAT parquet)",
                    [str(parquet / f"{table}.parquet")],
                )
            else:
                con.execute(
                    f"COPY pub.marts.{table} TO ? "
                    "(FORMAT parquet, PARTITION_BY (year), WRITE_PARTITION_COLUMNS true)",
                    [str(parquet / table)],
                )
        _write_info(con, info, parquet)
        counts[INFO_TABLE] = len(info)
        docs = _comment_tables(con)
        files.write_text(target / "DATA_DICTIONARY.md", dictionary_markdown(docs))
        csvs = [t for t in [*PUBLISHED_TABLES, INFO_TABLE] if f"csv:{t}" not in reused]
        workbook.write_csvs(con, target, csvs, UNPARTITIONED)
        workbook.write_workbooks(con, target, {row["year"]: _workbook_head(row) for row in info
                                               if f"xlsx:{row['year']}" not in reused})  # fmt: skip
        columns = {
            table: [r[0] for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = 'pub' "
                "AND table_name = ? ORDER BY column_index", [table]).fetchall()]
            for table in counts
        }  # fmt: skip
        con.execute("DETACH pub")
        con.execute("DETACH wh")
    return counts, years, info, columns, outputs, loads, _record_files(target, kept)


def _primary_keys() -> dict[str, list[str]]:
    """Each mart's primary key, from its dbt contract."""
    from orchestration.project import prepare_manifest
    from orchestration.publish.dictionary import primary_key

    manifest = json.loads(prepare_manifest().read_text(encoding="utf-8"))
    return {node["name"]: primary_key(node) for node in manifest["nodes"].values()
            if node.get("resource_type") == "model" and primary_key(node)}  # fmt: skip


def _copy_table(con: duckdb.DuckDBPyConnection, table: str, key: list[str] | None) -> None:
    """A mart copied into the publication, with its primary key declared when it has one (BI
    tools read it from `duckdb_constraints()`; DuckDB checks it as the rows go in)."""
    if not key:
        con.execute(f"CREATE TABLE pub.marts.{table} AS SELECT * FROM wh.marts.{table}")
        return
    columns = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = 'wh' "
        "AND schema_name = 'marts' AND table_name = ? ORDER BY column_index", [table]
    ).fetchall()  # fmt: skip
    definitions = [f'"{name}" {kind}' for name, kind in columns]
    definitions.append(f"PRIMARY KEY ({', '.join(key)})")
    con.execute(f"CREATE TABLE pub.marts.{table} ({', '.join(definitions)})")
    con.execute(f"INSERT INTO pub.marts.{table} SELECT * FROM wh.marts.{table}")


def _comment_tables(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every published table and column gets its dbt description as a DuckDB comment, so that a
    BI tool reading `trade.duckdb` alone shows them (`duckdb_tables()`, `duckdb_columns()`);
    returns the tables' documentation, as the version's data dictionary writes it."""
    from orchestration.project import prepare_manifest
    from orchestration.publish.dictionary import PUBLICATION_INFO, mart_docs

    manifest = json.loads(prepare_manifest().read_text(encoding="utf-8"))
    types = {(t, c): ty for t, c, ty in con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE database_name = 'pub'").fetchall()}  # fmt: skip
    docs = [*mart_docs(manifest), PUBLICATION_INFO]
    for table in docs:
        name = table["table"].split(".")[1]
        con.execute(f"COMMENT ON TABLE pub.marts.{name} IS {_quote(table['description'])}")
        for column in table["columns"]:
            if (name, column["name"]) not in types:
                continue
            column["type"] = types[name, column["name"]]
            con.execute(f"COMMENT ON COLUMN pub.marts.{name}.{column['name']} IS "
                        f"{_quote(column['description'])}")  # fmt: skip
    return docs


def _workbook_head(info: dict) -> list[str]:
    """The first lines of a year's « Lisez-moi » sheet: what the workbook is and how to cite it."""
    lines = [
        f"Commerce extérieur par territoire, année {info['year']} (millésime {info['vintage']}).",
        f"Source : {info['source']}. Licence : {info['licence']}.",
        f"Citer : {info['citation']}",
        "Montants en euros ; parts et évolutions en fractions (0,25 = 25 %). Une feuille par "
        "table ; chaque colonne est décrite ci-dessous.",
    ]
    if info["synthetic"]:
        lines.insert(0, "DONNÉES SYNTHÉTIQUES : chiffres de démonstration, ce ne sont pas des "
                        "statistiques officielles.")  # fmt: skip
    return lines


def _quote(text: str) -> str:
    return "'" + " ".join(text.split()).replace("'", "''") + "'"


def _write_info(con: duckdb.DuckDBPyConnection, rows: list[dict], parquet: Path) -> None:
    con.execute(
        f"""CREATE TABLE pub.marts.{INFO_TABLE} (year INTEGER NOT NULL PRIMARY KEY,
            vintage VARCHAR NOT NULL, source VARCHAR NOT NULL, licence VARCHAR NOT NULL,
            citation VARCHAR NOT NULL, synthetic BOOLEAN NOT NULL, version VARCHAR NOT NULL,
            published_at TIMESTAMP NOT NULL)"""
    )
    con.executemany(
        f"INSERT INTO pub.marts.{INFO_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [[r["year"], r["vintage"], r["source"], r["licence"], r["citation"], r["synthetic"],
          r["version"], r["published_at"]] for r in rows],
    )  # fmt: skip
    con.execute(
        f"COPY pub.marts.{INFO_TABLE} TO ? (FORMAT parquet)",
        [str(parquet / f"{INFO_TABLE}.parquet")],
    )


CHECKED = ".checked"  # beside the warehouse: one file per mart suite, the marts it last passed


def fingerprints(warehouse: Path) -> dict[str, str]:
    """Rows and a hash of every published table: any change to a mart changes its entry."""
    with duckdb.connect(str(warehouse), read_only=True, config=duckdb_config()) as con:
        try:
            return {
                table: "{}:{}".format(*con.execute(
                    f"SELECT count(*), coalesce(bit_xor(hash(t)), 0) FROM marts.{table} AS t"
                ).fetchone())
                for table in PUBLISHED_TABLES
            }  # fmt: skip
        except duckdb.CatalogException as exc:
            raise PublishError(
                f"{warehouse}: no marts to publish ({str(exc).splitlines()[0]}): run "
                "'territorial-trade build' first"
            ) from exc


def record_pass(warehouse: Path, suite: str, prints: dict[str, str]) -> None:
    """A mart suite passed on the marts whose fingerprints are `prints` (the build's checks
    call this, so that the publication that follows does not run them again)."""
    files.write_text(warehouse.parent / CHECKED / f"{suite}.json", json.dumps(prints, indent=1))


def _passed_on(warehouse: Path, suite: str, prints: dict[str, str]) -> bool:
    try:
        path = warehouse.parent / CHECKED / f"{suite}.json"
        return json.loads(path.read_text(encoding="utf-8")) == prints
    except (OSError, ValueError):
        return False


def verify_checked(warehouse: Path) -> dict[str, str]:
    """Only marts that passed their checks are published: each mart suite either passed on these
    very marts (recorded by the build's checks) or runs now and passes; otherwise one line naming
    every failing rule. Returns the marts' fingerprints."""
    from orchestration.validation.parameters import suite_inputs
    from orchestration.validation.runner import validate
    from orchestration.validation.suites import load_suites
    from orchestration.warehouse import connect

    current = fingerprints(warehouse)
    suites = [s for s in load_suites() if not s.partitioned and s.asset[0] == "marts"]
    to_run = [s for s in suites if not _passed_on(warehouse, s.name, current)]
    failed = []
    if to_run:
        with connect(warehouse, read_only=True) as con:
            for suite in to_run:
                result = validate(con, suite, *suite_inputs(max_year(con)))
                failed += [f"{suite.name} {rule.rule} ({rule.unexpected_count} of "
                           f"{rule.element_count} rows)" for rule in result.errors]  # fmt: skip
                if not result.errors:
                    record_pass(warehouse, suite.name, current)
    if failed:
        raise PublishError(
            f"{warehouse}: the marts fail their checks, nothing published: {'; '.join(failed)}; "
            "run 'territorial-trade validate' to see them, rebuild to repair"
        )
    return current


def max_year(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT coalesce(max(year), 0) FROM marts.trade_totals").fetchone()[0]


def publish(warehouse: Path, keep: int = DEFAULT_PUBLISH_KEEP) -> Publication:
    """Check the marts (`verify_checked`), write a new version beside the old ones, make it
    current, prune beyond `keep`."""
    if keep < 1:
        raise PublishError(f"keep must be a whole number of at least 1, not {keep}")
    if not warehouse.exists():
        raise PublishError(f"no warehouse at {warehouse}: run 'territorial-trade build' first")
    checked = verify_checked(warehouse)
    with connect(warehouse, read_only=True) as con:
        if not has_relation(con, "marts", "dim_years"):
            raise PublishError(f"{warehouse} has no marts.dim_years (the vintage of each year): "
                               "it was built by an earlier version of the project; build a year "
                               "again, then publish")  # fmt: skip
    root = published_dir(warehouse)
    versions = root / "versions"
    try:
        versions.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishError(f"cannot write the publication folder {root}: {exc}") from exc
    for stale in versions.glob(".*.building"):  # left by an interrupted publication
        shutil.rmtree(stale, ignore_errors=True)
    version = _new_version_id(versions)
    staging = versions / f".{version}.building"
    previous = current_version(root)
    published_at = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        before = read_manifest(root, previous) if previous in list_versions(root) else None
    except PublishError:  # the current manifest damaged: nothing of it is trusted, all written
        before = None
    try:
        counts, years, info, columns, outputs, loads, records = _build_version(
            warehouse, staging, version, published_at, checked,
            versions / previous if before else None, before,
        )  # fmt: skip
        manifest = {"version": version, "previous": previous, "warehouse": str(warehouse),
                    "tables": counts, "years": years, "published_at": published_at,
                    "vintages": {str(row["year"]): row["vintage"] for row in info},
                    "loads": loads,
                    "columns": columns, "fingerprints": checked,
                    "outputs": outputs, "files": records}  # fmt: skip
        files.write_text(staging / "manifest.json", json.dumps(manifest, indent=2))
        files.write_text(staging / "README.md", about.readme_markdown(info, manifest, before))
        staging.rename(versions / version)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _point_at(root, version)
    prune(root, keep)
    return Publication(version, versions / version, counts)


def chain(root: Path, start: str | None = None) -> list[str]:
    """The current version, the one published before it, and so on, as far as they are kept. A
    version whose manifest is damaged does not end the chain: the next is the newest version
    older than it (version ids sort by time), so that neither `publish` nor a rollback loses the
    versions behind it."""
    out: list[str] = []
    version = start if start is not None else current_version(root)
    while version and version not in out and (root / "versions" / version).is_dir():
        out.append(version)
        try:
            version = read_manifest(root, version).get("previous")
        except PublishError:
            older = [v for v in list_versions(root) if v < out[-1]]
            version = older[-1] if older else None
    return out


def prune(root: Path, keep: int) -> list[str]:
    """Keep the current version and the `keep - 1` published before it; remove the others."""
    kept = set(chain(root)[:keep])
    removed = []
    for version in list_versions(root):
        if version not in kept:
            shutil.rmtree(root / "versions" / version)
            removed.append(version)
    return removed


def rollback(warehouse: Path) -> str:
    """Make the version published before the current one current again (the first whose
    manifest reads: a damaged version is never made current); return its id."""
    root = published_dir(warehouse)
    current = current_version(root)
    if current is None:
        raise PublishError(f"{root}: nothing published yet, no earlier publication to roll back to")
    previous = [v for v in chain(root)[1:] if _readable(root, v)][:1]
    if not previous:
        raise PublishError(
            f"{root}: no earlier publication to roll back to (version {current} is the oldest kept)"
        )
    _point_at(root, previous[0])
    return previous[0]


def _readable(root: Path, version: str) -> bool:
    try:
        read_manifest(root, version)
    except PublishError:
        return False
    return True


def current_manifest(warehouse: Path) -> dict:
    """The manifest of the current publication ({} if nothing is published)."""
    root = published_dir(warehouse)
    version = current_version(root)
    if version is None or not (root / "versions" / version).is_dir():
        return {}
    return read_manifest(root, version)


def published_loads(warehouse: Path) -> dict[int, set[str]] | None:
    """The loads (`raw.customs_loads.load_id`) whose figures the current publication holds, by
    year ({} if nothing is published); None for a publication made before manifests named
    them."""
    manifest = current_manifest(warehouse)
    if not manifest:
        return {}
    loads = manifest.get("loads")
    return None if loads is None else {int(y): set(ids) for y, ids in loads.items()}


def published_vintages(warehouse: Path) -> dict[int, str]:
    """The vintage of each year in the current publication ({} if none)."""
    return {int(y): v for y, v in current_manifest(warehouse).get("vintages", {}).items()}


def published_years(warehouse: Path) -> list[int]:
    """The years in the current publication (empty if nothing is published)."""
    return list(current_manifest(warehouse).get("years", []))
