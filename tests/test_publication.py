"""Publication for BI tools: atomic swaps under concurrent readers, kept versions, rollback."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.cli import main
from orchestration.publish import about
from orchestration.publish.publisher import (
    PUBLISHED_TABLES,
    PublishError,
    current_version,
    fingerprints,
    list_versions,
    publish,
    record_pass,
    rollback,
)
from orchestration.publish.spreadsheet import excel_csv, read_excel_csv
from orchestration.publish.workbook import WORKBOOK_TABLES
from orchestration.validation.suites import load_suites

TOTAL_QUERY = (
    "SELECT sum(export_eur) FILTER (WHERE level = 'france'), count(*) FROM marts.trade_totals"
)


@pytest.fixture
def warehouse(hand_built, tmp_path) -> Path:
    target = tmp_path / "wh" / "trade.duckdb"
    target.parent.mkdir()
    shutil.copyfile(hand_built, target)
    return target


@pytest.fixture(scope="module")
def published(hand_built) -> Path:
    """The one version the shared build published (its `published/` folder), read by the tests
    that only read a publication; the others publish their own copy."""
    root = hand_built.parent / "published"
    assert len([p for p in (root / "versions").iterdir() if not p.name.startswith(".")]) == 1
    return root


def bump_totals(warehouse: Path, delta: int) -> None:
    """A new 'version' of the marts: every export total moves by `delta`, recorded as checked,
    as a build whose checks passed would (these tests are about the swap, not the gate)."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute(f"UPDATE marts.trade_totals SET export_eur = export_eur + {delta}")
    prints = fingerprints(warehouse)
    for suite in load_suites():
        if suite.asset[0] == "marts" and not suite.partitioned:
            record_pass(warehouse, suite.name, prints)


def read_total(db: Path) -> tuple:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(TOTAL_QUERY).fetchone()


def test_publish_writes_marts_only_as_duckdb_and_parquet(published):
    root = published
    manifest = json.loads((root / "current" / "manifest.json").read_text(encoding="utf-8"))
    with duckdb.connect(str(root / "trade.duckdb"), read_only=True) as con:
        tables = {r[0] for r in con.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables"
        ).fetchall()}  # fmt: skip
        parquet = con.execute(
            f"SELECT count(*) FROM read_parquet('{root}/parquet/top_flows/*/*.parquet', "
            "hive_partitioning = true) WHERE year = 2024"
        ).fetchone()[0]
        rows = con.execute("SELECT count(*) FROM marts.top_flows").fetchone()[0]
    assert tables == {f"marts.{t}" for t in PUBLISHED_TABLES} | {"marts.publication_info"}
    assert parquet == rows == manifest["tables"]["top_flows"]
    assert (root / "parquet" / "dim_areas.parquet").exists()
    assert (root / "parquet" / "trade_department" / "year=2024").is_dir()
    # a Parquet file read alone still says its year
    (one,) = (root / "parquet" / "trade_totals" / "year=2024").glob("*.parquet")
    alone = f"read_parquet('{one}', hive_partitioning = false)"
    assert duckdb.sql(f"SELECT DISTINCT year FROM {alone}").fetchall() == [(2024,)]


def test_the_published_database_describes_itself(published):
    """Every published table and column carries its dbt description as a DuckDB comment (what
    a BI tool shows when it reads the file alone), and each version holds its own rendered data
    dictionary: no template text left."""
    root = published
    with duckdb.connect(str(root / "trade.duckdb"), read_only=True) as con:
        tables = dict(con.execute(
            "SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'marts'"
        ).fetchall())  # fmt: skip
        columns = con.execute(
            "SELECT table_name, column_name, comment FROM duckdb_columns() "
            "WHERE schema_name = 'marts'"
        ).fetchall()  # fmt: skip
    assert set(tables) == {*PUBLISHED_TABLES, "publication_info"}
    assert all(comment and len(comment) > 20 for comment in tables.values()), tables
    missing = [f"{t}.{c}" for t, c, comment in columns if not comment]
    assert missing == []
    assert "var(" not in " ".join(c for _, _, c in columns)
    flows = dict((c, comment) for t, c, comment in columns if t == "top_flows")
    assert "10 largest products" in tables["top_flows"] or "10" in flows["product_rank"]
    (version,) = [p for p in (root / "versions").iterdir() if not p.name.startswith(".")]
    dictionary = (version / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    assert "## `marts.top_flows`" in dictionary and "## `marts.publication_info`" in dictionary
    assert "var(" not in dictionary and "{{" not in dictionary
    assert "| `export_eur` | BIGINT |" in dictionary  # types from the published file
    assert dictionary.count("## `marts.publication_info`") == 1
    assert "Primary key (one row per): `year`, `level`, `area_code`, `flow`." in dictionary


def test_the_published_tables_declare_their_primary_keys(published):
    """Each mart's key, from its dbt contract, is a PRIMARY KEY of the published table (the
    line-level tables excepted: their key would index every line), and holds."""
    root = published
    with duckdb.connect(str(root / "trade.duckdb"), read_only=True) as con:
        rows = con.execute(
            "SELECT table_name, constraint_column_names FROM duckdb_constraints() "
            "WHERE schema_name = 'marts' AND constraint_type = 'PRIMARY KEY'"
        ).fetchall()
        keys = {table: list(columns) for table, columns in rows}
        for table, key in keys.items():
            columns = ", ".join(key)
            sql = f"SELECT count(*), count(DISTINCT ({columns})) FROM marts.{table}"
            total, distinct = con.execute(sql).fetchone()
            assert total == distinct, table
    assert set(keys) == {*PUBLISHED_TABLES, "publication_info"} - {
        "trade_department", "trade_region", "trade_france"}  # fmt: skip
    assert keys["area_indicators"] == ["year", "level", "area_code", "flow"]
    assert keys["dim_areas"] == ["level", "area_code"]


def test_spreadsheet_users_get_csv_for_a_french_excel_and_a_workbook_per_year(published):
    version = published / "current"
    raw = (version / "csv" / "trade_totals" / "trade_totals_2024.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    header = raw.decode("utf-8-sig").split("\r\n")[0]
    assert header.split(";")[:3] == ["year", "level", "area_code"]
    frame = read_excel_csv(version / "csv" / "trade_totals" / "trade_totals_2024.csv")
    with duckdb.connect(str(version / "trade.duckdb"), read_only=True) as con:
        expected = con.execute("SELECT * FROM marts.trade_totals WHERE year = 2024 "
                               "ORDER BY ALL").df()  # fmt: skip
        shares = con.execute(
            "SELECT export_share_of_france FROM marts.trade_totals "
            "WHERE level = 'department' AND area_code = '92'"
        ).fetchone()
    assert len(frame) == len(expected)
    assert frame["export_eur"].sum() == expected["export_eur"].sum()
    row_92 = frame[(frame.level == "department") & (frame.area_code.astype(str) == "92")]
    assert row_92["export_share_of_france"].iloc[0] == pytest.approx(shares[0])
    assert "," in raw.decode("utf-8-sig").split("\r\n")[1] or shares[0] in (0, 1)
    assert (version / "csv" / "dim_areas.csv").exists()
    assert (version / "csv" / "publication_info.csv").exists()

    book = version / "xlsx" / "commerce_exterieur_2024.xlsx"
    with zipfile.ZipFile(book) as z:
        sheets = re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())
        strings = z.read("xl/sharedStrings.xml").decode("utf-8")
    assert sheets[0] == "Lisez-moi"
    assert sheets[1:] == list(WORKBOOK_TABLES)
    assert "Hauts-de-Seine" in strings  # areas named beside their codes
    assert "Solde commercial (exportations − importations), en euros." in strings
    assert "Citer : Source : DGDDI" in strings


def test_a_formula_in_a_label_stays_text_in_every_spreadsheet_file():
    frame = pd.DataFrame({"label": ["=HYPERLINK(\"http://x\")", "Allemagne", "-lower", "@SUM(A1)"],
                          "share": [0.25, 0.5, 0.125, 1.0]})  # fmt: skip
    text = excel_csv(frame).decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == "label;share"
    assert lines[1] == '"\'=HYPERLINK(""http://x"")";0,25'
    assert lines[2] == "Allemagne;0,5"
    assert lines[3].startswith("'-lower;") and lines[4].startswith("'@SUM")


def test_each_version_names_its_source_licence_vintage_and_changes(warehouse):
    first = publish(warehouse)
    root = warehouse.parent / "published"
    with duckdb.connect(str(root / "trade.duckdb"), read_only=True) as con:
        info = con.execute(
            "SELECT year, vintage, source, licence, citation, synthetic, version "
            "FROM marts.publication_info"
        ).fetchall()
        key = con.execute(
            "SELECT constraint_type FROM duckdb_constraints() WHERE table_name = 'publication_info'"
            " AND constraint_type = 'PRIMARY KEY'"
        ).fetchall()
    # the hand-made year is a real-looking vintage (202501)
    assert info == [(2024, "202501", about.SOURCE, "Licence Ouverte / Etalab 2.0",
                     "Source : DGDDI, statistiques régionales du commerce extérieur, millésime "
                     "202501.", False, first.version)]  # fmt: skip
    assert key == [("PRIMARY KEY",)]
    parquet = root / "parquet" / "publication_info.parquet"
    assert duckdb.sql(f"SELECT count(*) FROM '{parquet}'").fetchall() == [(1,)]
    readme = (root / "current" / "README.md").read_text(encoding="utf-8")
    assert "Licence Ouverte / Etalab 2.0" in readme and "First version published." in readme
    assert "SYNTHETIC" not in readme

    # a synthetic year: said in the table, the citation and the README; the change is listed
    with duckdb.connect(str(warehouse)) as con:
        con.execute("UPDATE marts.dim_years SET vintage = 'SYNTH'")
    second = publish(warehouse)
    with duckdb.connect(str(root / "trade.duckdb"), read_only=True) as con:
        synthetic, citation = con.execute(
            "SELECT synthetic, citation FROM marts.publication_info"
        ).fetchone()
    assert synthetic and "synthétiques" in citation
    readme = (root / "current" / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# Territorial foreign trade: publication {second.version}")
    assert "**SYNTHETIC DATA.**" in readme
    assert "Year 2024 replaced: vintage 202501 -> SYNTH." in readme
    manifest = json.loads((root / "current" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["vintages"] == {"2024": "SYNTH"}
    assert "area_code" in manifest["columns"]["trade_totals"]


def test_changes_lists_years_vintages_columns_and_rows():
    before = {"version": "A", "vintages": {"2023": "202401", "2024": "202501"},
              "columns": {"t": ["a", "b"], "gone": ["x"]}, "tables": {"t": 10}}  # fmt: skip
    after = {"version": "B", "vintages": {"2024": "202508", "2025": "202601"},
             "columns": {"t": ["a", "c"], "new": ["y"]}, "tables": {"t": 12}}  # fmt: skip
    assert about.changes(after, before) == [
        "Year 2025 added (vintage 202601).",
        "Year 2023 removed (was vintage 202401).",
        "Year 2024 replaced: vintage 202501 -> 202508.",
        "Table new added.",
        "Table gone removed.",
        "Table t: columns added: c.",
        "Table t: columns removed: b.",
        "Table t: 10 -> 12 rows.",
    ]
    assert about.changes(before, before) == ["Nothing changed since version A."]


def test_a_renamed_column_is_said_renamed():
    before = {"version": "A", "columns": {"area_indicators": ["year", "change_pct", "cagr_5y"]}}
    after = {"version": "B", "columns": {"area_indicators": ["year", "area_id", "change_ratio",
                                                             "cagr_5y"]}}  # fmt: skip
    assert about.changes(after, before) == [
        "Table area_indicators: columns renamed: change_pct -> change_ratio.",
        "Table area_indicators: columns added: area_id.",
    ]


READER = """
import os, sys, time, duckdb
db, stop, mode, query = sys.argv[1:5]
held = duckdb.connect(db, read_only=True) if mode == "held" else None
seen, errors, deadline = [], 0, time.time() + 40
while time.time() < deadline and not os.path.exists(stop):
    try:
        if held is not None:  # one connection, open from start to end
            seen.append(held.execute(query).fetchone())
        else:  # a new connection for every query (one DuckDB instance per open file)
            with duckdb.connect(db, read_only=True) as fresh:
                seen.append(fresh.execute(query).fetchone())
    except Exception as exc:
        errors += 1
        print("ERROR", exc, file=sys.stderr)
    time.sleep(0.01)
for total, n in seen:
    print(total, n)
print("errors", errors)
"""


def test_readers_during_publications_and_a_rollback_see_one_whole_version(warehouse, tmp_path):
    publish(warehouse)
    db = warehouse.parent / "published" / "trade.duckdb"
    v1 = read_total(db)
    stop = tmp_path / "stop"
    readers = {
        mode: subprocess.Popen(
            [sys.executable, "-c", READER, str(db), str(stop), mode, TOTAL_QUERY],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for mode in ("held", "fresh")
    }  # fmt: skip
    time.sleep(2.0)
    bump_totals(warehouse, 1000)
    publish(warehouse)  # never waits on the readers' locks
    v2 = read_total(db)
    time.sleep(0.5)
    bump_totals(warehouse, 1000)
    publish(warehouse)
    v3 = read_total(db)
    time.sleep(0.5)
    rollback(warehouse)  # readers during a rollback too
    assert read_total(db) == v2
    time.sleep(1.0)
    stop.touch()
    seen = {}
    for mode, proc in readers.items():
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        lines = out.splitlines()
        assert lines[-1] == "errors 0", err
        seen[mode] = [tuple(line.split()) for line in lines[:-1]]
        assert len(seen[mode]) > 10
    versions = {str(v[0]) for v in (v1, v2, v3)}
    assert len(versions) == 3
    for mode in seen:
        for total, count in seen[mode]:
            # every answer is one whole published version, never a mix
            assert total in versions and count == str(v1[1]), (mode, total)
    # the reader that held the file open kept reading the first version, without error
    assert {total for total, _ in seen["held"]} == {str(v1[0])}
    # new connections moved on to the newest version, then back with the rollback
    assert str(v3[0]) in {total for total, _ in seen["fresh"]}
    assert seen["fresh"][-1][0] == str(v2[0])
    assert seen["fresh"][0][0] == str(v1[0])


def test_rollback_restores_the_previous_version_exactly(warehouse):
    first = publish(warehouse)
    db = warehouse.parent / "published" / "trade.duckdb"
    before = read_total(db)
    with duckdb.connect(str(db), read_only=True) as con:
        snapshot = con.execute("SELECT * FROM marts.top_flows ORDER BY ALL").fetchall()
    bump_totals(warehouse, 7)
    second = publish(warehouse)
    assert read_total(db) != before
    assert main(["publish", "--rollback", "--warehouse", str(warehouse)]) == 0
    assert current_version(warehouse.parent / "published") == first.version
    assert read_total(db) == before
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT * FROM marts.top_flows ORDER BY ALL").fetchall() == snapshot
    parquet = warehouse.parent / "published" / "parquet"
    assert parquet.resolve().parent.name == first.version
    assert second.version in list_versions(warehouse.parent / "published")


def test_old_versions_are_pruned_and_rollback_needs_an_earlier_one(warehouse):
    with pytest.raises(PublishError, match="no earlier publication"):
        rollback(warehouse)
    for _ in range(4):
        publish(warehouse, keep=2)
    root = warehouse.parent / "published"
    assert len(list_versions(root)) == 2
    assert current_version(root) == list_versions(root)[-1]


def test_the_duckdb_cli_reads_the_published_file(published):
    """A BI client on an older DuckDB (the CLI from PyPI) opens the published file."""
    db = published / "trade.duckdb"
    cli = Path(sys.executable).with_name("duckdb")
    done = subprocess.run(
        [str(cli), "-readonly", "-csv", str(db), "-c",
         "SELECT area_code, export_eur FROM marts.trade_totals "
         "WHERE level = 'department' AND area_code = '92'"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["area_code,export_eur", "92,3200"]


def test_rollback_after_publish_returns_to_the_version_before(warehouse):
    """A stack: publish V1 V2 V3, roll back (V2), publish V4, roll back: V2, not V3."""
    root = warehouse.parent / "published"
    v1, v2, _v3 = (publish(warehouse, keep=5).version for _ in range(3))
    assert rollback(warehouse) == v2
    v4 = publish(warehouse, keep=5).version
    assert current_version(root) == v4
    assert rollback(warehouse) == v2
    assert rollback(warehouse) == v1
    with pytest.raises(PublishError, match="no earlier publication"):
        rollback(warehouse)


def test_publication_folder_with_an_apostrophe(hand_built, tmp_path):
    target = tmp_path / "l'entrepôt" / "trade.duckdb"
    target.parent.mkdir()
    shutil.copyfile(hand_built, target)
    publication = publish(target)
    assert (
        read_total(target.parent / "published" / "trade.duckdb")[1]
        == publication.tables["trade_totals"]
    )


def test_a_tampered_warehouse_is_not_published(warehouse, capsys):
    """France's exports raised by 1 M€ in the marts: the gate runs the mart suites, refuses in one
    line naming the rule, and the current version stays."""
    first = publish(warehouse)
    root = warehouse.parent / "published"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("UPDATE marts.trade_totals SET export_eur = export_eur + 1000000 "
                    "WHERE level = 'france'")  # fmt: skip
    with pytest.raises(PublishError, match=r"nothing published: .*marts_totals_reconciliation"):
        publish(warehouse)
    assert current_version(root) == first.version and list_versions(root) == [first.version]
    assert main(["publish", "--warehouse", str(warehouse)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nothing published" in err[0]
    # repaired (the change undone): the marts pass again and are published
    with duckdb.connect(str(warehouse)) as con:
        con.execute("UPDATE marts.trade_totals SET export_eur = export_eur - 1000000 "
                    "WHERE level = 'france'")  # fmt: skip
    assert publish(warehouse).version != first.version


def test_marts_unchanged_since_their_checks_are_not_checked_again(warehouse, monkeypatch):
    publish(warehouse)  # checks them, records them
    import orchestration.validation.runner as runner

    def fail(*args, **kwargs):
        raise AssertionError("the suites ran again")

    monkeypatch.setattr(runner, "validate", fail)
    publish(warehouse)  # unchanged: published without running the suites


def test_the_builds_checks_record_the_marts_they_passed(hand_built):
    """The build's blocking checks record the marts they passed: its publication does not run
    the suites again."""
    prints = fingerprints(hand_built)
    suites = [s.name for s in load_suites() if s.asset[0] == "marts" and not s.partitioned]
    assert len(suites) >= 10
    for name in suites:
        recorded = hand_built.parent / ".checked" / f"{name}.json"
        assert json.loads(recorded.read_text(encoding="utf-8")) == prints, name


def test_superset_reads_the_publication_through_sqlalchemy(published):
    """Superset, Metabase's Python side and pandas use SQLAlchemy with duckdb_engine: the URI the
    README gives opens the published file read-only and joins two marts."""
    from sqlalchemy import create_engine, text

    db = published / "trade.duckdb"
    engine = create_engine(f"duckdb:///{db}", connect_args={"read_only": True})
    with engine.connect() as con:
        rows = con.execute(text(
            "SELECT a.area_name, t.export_eur FROM marts.trade_totals AS t "
            "JOIN marts.dim_areas AS a USING (level, area_code) "
            "WHERE t.year = 2024 AND t.level = 'department' AND t.area_code = '92'"
        )).fetchall()  # fmt: skip
        citation = con.execute(text("SELECT citation FROM marts.publication_info")).scalar()
        # the comments, as a SQL Lab user reads them (duckdb_engine's inspector cannot list
        # columns with SQLAlchemy 2: it queries pg_catalog.pg_collation, which DuckDB lacks)
        table_comment = con.execute(text(
            "SELECT comment FROM duckdb_tables() WHERE schema_name = 'marts' "
            "AND table_name = 'trade_totals'")).scalar()  # fmt: skip
        column_comments = dict(con.execute(text(
            "SELECT column_name, comment FROM duckdb_columns() WHERE schema_name = 'marts' "
            "AND table_name = 'trade_totals'")).fetchall())  # fmt: skip
    engine.dispose()
    assert rows == [("Hauts-de-Seine", 3200)]
    assert citation.startswith("Source : DGDDI")
    assert "Headline figures" in table_comment
    assert column_comments["area_id"] and "department:92" in column_comments["area_id"]
    assert all(column_comments.values()), column_comments


def test_the_readme_queries_run_on_the_publication(published):
    """Every SQL query of the BI users' guide (docs/bi-users.md) runs on the published file as
    written (the Parquet path pointed at this publication) and the headline one gives
    Hauts-de-Seine."""
    import re

    root = published
    guide = Path(__file__).parent.parent / "docs" / "bi-users.md"
    readme = guide.read_text(encoding="utf-8")
    section = readme[readme.index("## For BI users") :]
    end = section.find("\n## ", 5)  # the next section, if any
    (block,) = re.findall(r"```sql\n(.*?)```", section[: end if end > 0 else None], re.S)
    statements = [
        q.strip()
        for q in block.replace("warehouse/published/parquet", str(root / "parquet")).split(";")
        if q.strip()
    ]
    assert len(statements) >= 10
    with duckdb.connect(str(root / "trade.duckdb"), read_only=True) as con:
        results = [con.execute(q).fetchall() for q in statements]
    # the headline figures, partners, activities and Sankey of Hauts-de-Seine are there
    assert all(results[i] for i in (0, 1, 2, 3)), results[:4]


def test_files_of_unchanged_tables_are_linked_from_the_previous_version(warehouse):
    """A table whose rows have not changed keeps its Parquet, CSV and workbook files (the same
    inode: nothing written twice); a changed table's files are written again, with its rows."""
    first = publish(warehouse)
    second = publish(warehouse)
    outputs = [p.relative_to(first.folder) for p in first.folder.rglob("*")
               if p.is_file() and p.suffix in {".csv", ".parquet", ".xlsx"}]  # fmt: skip
    assert outputs
    for path in outputs:
        same = (first.folder / path).stat().st_ino == (second.folder / path).stat().st_ino
        assert same == ("publication_info" not in str(path)), path  # it names its version
    bump_totals(warehouse, 1)
    third = publish(warehouse)
    for path in outputs:
        changed = (second.folder / path).stat().st_ino != (third.folder / path).stat().st_ino
        # trade_totals feeds every workbook; the other tables' files are kept
        expected = any(k in str(path) for k in ("trade_totals", "publication_info", ".xlsx"))
        assert changed == expected, path
    csv = read_excel_csv(third.folder / "csv" / "trade_totals" / "trade_totals_2024.csv")
    assert read_total(third.folder / "trade.duckdb")[0] == read_total(warehouse)[0]
    assert csv.loc[csv.level == "france", "export_eur"].iloc[0] == read_total(warehouse)[0]


def test_a_damaged_published_file_is_written_again_not_linked_into_the_next_version(warehouse):
    """A Parquet file of the current version truncated (a BI reader: « No magic bytes »): the
    next `publish` writes that table's files again (a new inode, readable, its rows), links the
    intact ones, and records every file's size and hash in its manifest. It was linked as it was
    (the same inode, still truncated), so publishing again could never repair it."""
    first = publish(warehouse)
    manifest = json.loads((first.folder / "manifest.json").read_text())
    damaged = first.folder / "parquet" / "partner_balance" / "year=2024"
    (part,) = damaged.glob("*.parquet")
    assert (
        manifest["files"][part.relative_to(first.folder).as_posix()]["size"] == part.stat().st_size
    )
    with part.open("r+b") as handle:
        handle.truncate(part.stat().st_size // 2)
    second = publish(warehouse)
    again = second.folder / part.relative_to(first.folder)
    assert again.stat().st_ino != part.stat().st_ino
    rows = duckdb.sql(f"SELECT count(*) FROM '{again}'").fetchall()[0][0]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        sql = "SELECT count(*) FROM marts.partner_balance WHERE year = 2024"
        assert rows == con.execute(sql).fetchone()[0]
    intact = next((first.folder / "parquet" / "top_flows").rglob("*.parquet"))
    assert (second.folder / intact.relative_to(first.folder)).stat().st_ino == intact.stat().st_ino
    recorded = json.loads((second.folder / "manifest.json").read_text())["files"]
    assert recorded[again.relative_to(second.folder).as_posix()]["size"] == again.stat().st_size


def test_status_lists_every_load_and_says_which_one_is_published(warehouse, tmp_path):
    """A new vintage promoted after the publication (its warehouse stage not run, or failed):
    `status` shows it promoted but not published, and the superseded load as the published one;
    a rejected load is listed too."""
    from orchestration.ingest.pipeline import YearRejected, ingest_year
    from orchestration.ingest.sources import SourceSpec
    from orchestration.status import format_status, year_status
    from tests.conftest import hand_made_lines
    from tests.helpers import make_archive

    publish(warehouse)
    [first] = year_status(warehouse)
    assert (first.status, first.vintage, first.published) == ("promoted", "202501", True)

    def load(name: str, e: list[str]) -> None:
        _, i = hand_made_lines()
        make_archive(tmp_path / name / "202502-Regional-2024-export.zip", e)
        make_archive(tmp_path / name / "202502-Regional-2024-import.zip", i,
                     "REGIONAL_CPF4PAYSI.txt")  # fmt: skip
        ingest_year(SourceSpec("directory", directory=tmp_path / name), 2024, warehouse)

    e, _ = hand_made_lines()
    load("revised", [e[0].replace(";600;", ";700;"), *e[1:]])  # 100 € more
    with pytest.raises(YearRejected):
        load("duplicated", e + e[:1])
    loads = year_status(warehouse)
    assert [(s.status, s.vintage, s.published) for s in loads] == [
        ("superseded", "202501", True),
        ("promoted", "202502", False),
        ("rejected", "202502", False),
    ]
    assert loads[1].export_eur == first.export_eur + 100
    table = format_status(loads).splitlines()
    assert table[1].split()[:3] == ["2024", "superseded", "202501"] and " yes " in table[1]
    assert table[2].split()[:3] == ["2024", "promoted", "202502"] and " no " in table[2]
    assert "no_duplicate_line (ERROR" in table[3]


def test_the_dbt_docs_key_follows_models_and_columns_not_rows(tmp_path):
    """The dbt docs are generated again only when what they show changes: the project's models
    (the manifest's nodes) or the warehouse's columns and types; new rows, or a new parse of the
    same project, keep them."""
    from orchestration.assets.publication import schema_key

    manifest = tmp_path / "manifest.json"
    nodes = {"model.p.t": {"columns": {"v": {"description": "Value."}}}}
    manifest.write_text(json.dumps({"metadata": {"generated_at": "1"}, "nodes": nodes}))
    db = tmp_path / "trade.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE SCHEMA marts; CREATE TABLE marts.t (v BIGINT)")
    key = schema_key(manifest, db)
    with duckdb.connect(str(db)) as con:
        con.execute("INSERT INTO marts.t VALUES (1), (2)")
    manifest.write_text(json.dumps({"metadata": {"generated_at": "2"}, "nodes": nodes}))
    assert schema_key(manifest, db) == key  # new rows, a new parse of the same project
    with duckdb.connect(str(db)) as con:
        con.execute("ALTER TABLE marts.t ADD COLUMN w VARCHAR")
    widened = schema_key(manifest, db)
    assert widened != key  # a column more
    nodes["model.p.t"]["columns"]["v"]["description"] = "Value, in euros."
    manifest.write_text(json.dumps({"metadata": {"generated_at": "3"}, "nodes": nodes}))
    assert schema_key(manifest, db) not in (key, widened)  # a description changed


def test_a_damaged_current_manifest_is_named_by_status_and_mended_by_publishing(warehouse, capsys):
    """`published/current/manifest.json` damaged wedged `status`, `publish` and the rollback
    with one line and no remedy. Now `status` shows its table and names the damage with the
    remedy, `publish` makes a new whole version, and a rollback skips the damaged one."""
    from orchestration.cli import main
    from orchestration.publish.publisher import chain, published_dir, rollback

    first = publish(warehouse)
    second = publish(warehouse)
    (second.folder / "manifest.json").write_text('{"version": "cut sho', encoding="utf-8")
    assert main(["status", "--warehouse", str(warehouse)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("year ") and out[1].startswith("2024 ")
    assert out[-1].startswith(f"publication: {second.folder / 'manifest.json'}: unreadable "
                              "publication manifest (")  # fmt: skip
    assert out[-1].endswith("'territorial-trade publish' publishes a new, whole version (the "
                            "damaged one is kept for inspection until pruned)")  # fmt: skip
    third = publish(warehouse)
    root = published_dir(warehouse)
    assert chain(root) == [third.version, second.version, first.version]
    assert read_total(third.folder / "trade.duckdb")[0] == read_total(warehouse)[0]
    assert main(["status", "--warehouse", str(warehouse)]) == 0
    assert "publication:" not in capsys.readouterr().out
    assert rollback(warehouse) == first.version  # not the damaged one
