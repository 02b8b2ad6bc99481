"""The rules of `docs/architecture.md` that the code must keep, read from the code itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "orchestration"

# SQL that reads a table of the raw layer: `FROM raw.x`, `JOIN wh.raw.x`, `from raw_pending.x`
READS_RAW = re.compile(r"\b(?:from|join)\s+(?:\w+\.)?raw(?:_pending)?\.\w", re.IGNORECASE)
# what gets a year in: the loads and their register, and the raw assets that run them
THE_LOADS = ("ingest/", "assets/raw.py")


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_outside_the_loads_reads_the_raw_layer():
    """The raw tables are the loads' own (their register, their lines before dbt): every other
    module reads what dbt made of them, the marts (the vintage of a year: `marts.dim_years`)."""
    readers = []
    for path in _modules():
        where = path.relative_to(PACKAGE).as_posix()
        if where.startswith(THE_LOADS):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if READS_RAW.search(line):
                readers.append(f"orchestration/{where}:{number}: {line.strip()}")
    assert readers == []


def test_the_rule_finds_a_read_of_raw():
    """The pattern above catches the forms the project's SQL takes (so the test can fail)."""
    for sql in ["SELECT vintage FROM raw.customs_loads", "from wh.raw.customs_loads",
                "JOIN raw_pending.customs_trade USING (year)"]:  # fmt: skip
        assert READS_RAW.search(sql), sql
    for sql in ["SELECT * FROM marts.dim_years", "the raw layer. From marts", "raw_dir / 'x'"]:
        assert not READS_RAW.search(sql), sql


# --------------------------------------------------------------- the table of docs/architecture.md


def _unit(path: Path) -> str:
    """The part of the package a file belongs to: its folder (`ingest`) or, at the top, its
    module (`cli`)."""
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def imported_units() -> dict[str, set[str]]:
    """For each part of the package, the other parts its files import (read from the code)."""
    found: dict[str, set[str]] = {}
    for path in _modules():
        unit = _unit(path)
        names = found.setdefault(unit, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module == "orchestration":
                    names.update(alias.name for alias in node.names)
                elif node.module.startswith("orchestration."):
                    names.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                names.update(alias.name.split(".")[1] for alias in node.names
                             if alias.name.startswith("orchestration."))  # fmt: skip
        names.discard(unit)
    found.pop("__init__", None)
    return found


def documented_units() -> list[tuple[set[str], set[str]]]:
    """The rows of the table « Folders » of docs/architecture.md that are about the package:
    (the parts the row is about, the parts it says they import)."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.startswith("| `orchestration/"):
            continue
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        members = set()
        for name in re.findall(r"`([^`]+)`", cells[0]):
            name = name.removeprefix("orchestration/")
            members.add(name.rstrip("/").removesuffix(".py"))
        imports = set(re.findall(r"`([a-z_]+)`", cells[-1]))
        rows.append((members, imports))
    return rows


def test_the_architecture_table_lists_what_each_part_imports():
    """docs/architecture.md says, for every part of the package, which other parts it imports:
    exactly what the code imports (a new import, or a stale line, fails here)."""
    actual = imported_units()
    rows = documented_units()
    listed = [unit for members, _ in rows for unit in members]
    assert sorted(listed) == sorted(actual), "every part of the package in exactly one row"
    wrong = {}
    for members, said in rows:
        imports = set().union(*(actual[unit] for unit in members)) - members
        if imports != said:
            wrong[", ".join(sorted(members))] = {"missing from the table": imports - said,
                                                 "not imported": said - imports}  # fmt: skip
    assert wrong == {}


# ------------------------------------------------------------------------------ the dbt layers

MODELS = ROOT / "dbt_project" / "models"


def _sql(layer: str) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in (MODELS / layer).rglob("*.sql")}


def test_only_staging_reads_the_sources_and_nothing_below_the_marts_reads_them():
    """The dbt layers read one way: sources → staging → intermediate → marts."""
    marts = set(_sql("marts"))
    for layer in ("intermediate", "marts", "semantic"):
        readers = [name for name, sql in _sql(layer).items() if "source(" in sql]
        assert readers == [], f"{layer} models reading a source"
    for layer in ("staging", "intermediate"):
        for name, sql in _sql(layer).items():
            refs = set(re.findall(r"ref\(\s*'(\w+)'\s*\)", sql))
            assert not refs & marts, f"{layer} model {name} reads the marts {refs & marts}"
