"""The data dictionary of the published marts, generated from the dbt documentation."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from orchestration import files
from orchestration.publish.tables import PUBLISHED_TABLES


def mart_docs(manifest: dict, catalog: dict | None = None) -> list[dict]:
    """[{table, description, columns: [{name, type, description}]}] for every published mart."""
    catalog_nodes = (catalog or {}).get("nodes", {})
    tables = []
    for node_id, node in sorted(manifest["nodes"].items()):
        if node.get("resource_type") != "model" or node["name"] not in PUBLISHED_TABLES:
            continue
        types = {
            name.lower(): col.get("type", "")
            for name, col in catalog_nodes.get(node_id, {}).get("columns", {}).items()
        }
        columns = [
            {"name": name, "type": types.get(name.lower(), col.get("data_type") or ""),
             "description": (col.get("description") or "").strip()}
            for name, col in node["columns"].items()
        ]  # fmt: skip
        tables.append({"table": f"marts.{node['name']}",
                       "description": _rendered(node["description"], manifest),
                       "key": primary_key(node), "columns": columns})  # fmt: skip
        for column in columns:
            column["description"] = _rendered(column["description"], manifest)
    return sorted(tables, key=lambda t: PUBLISHED_TABLES.index(t["table"].split(".")[1]))


def primary_key(node: dict) -> list[str]:
    """The columns of a model's primary key (its dbt contract's `primary_key` constraint): the
    table's grain, one row per combination."""
    for constraint in node.get("constraints", []):
        if constraint.get("type") == "primary_key":
            return list(constraint.get("columns", []))
    return []


def _rendered(text: str, manifest: dict) -> str:
    """A description as a reader should see it: the project's variables replaced by their values
    from dbt_project.yml (« var('top_n') (10) largest products » -> « 10 largest products »,
    « rank top_n + 1 » -> « rank 11 »)."""
    values = _project_vars()

    def value(name: str, plus: str | None = None) -> str:
        return str(int(values[name]) + int(plus)) if plus else str(values[name])

    text = re.sub(r"var\('(\w+)'\)(?: \(\d+\))?", lambda m: value(m.group(1)), text)
    names = "|".join(map(re.escape, values))
    if names:
        text = re.sub(rf"\b({names}) \+ (\d+)", lambda m: value(m.group(1), m.group(2)), text)
        text = re.sub(rf"\.\.({names})\b", lambda m: ".." + value(m.group(1)), text)
        text = re.sub(rf"(?<![\w`])({names})(?![\w`])", lambda m: value(m.group(1)), text)
    return text.strip()


@lru_cache(maxsize=1)
def _project_vars() -> dict:
    import yaml

    from orchestration.project import DBT_PROJECT_DIR

    config = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return config.get("vars") or {}


# Written by the publisher, not by dbt: described here.
PUBLICATION_INFO = {
    "table": "marts.publication_info",
    "description": "One row per year published: where the data comes from and how to cite it "
    "(grain: year). Repeated in each version's README.md.",
    "columns": [
        {"name": "year", "type": "INTEGER", "description": "Reference year (primary key)."},
        {"name": "vintage", "type": "VARCHAR",
         "description": "Data vintage of the year's load (YYYYMM of the customs publication; "
                        "SYNTH for synthetic data)."},
        {"name": "source", "type": "VARCHAR", "description": "Publisher and dataset."},
        {"name": "licence", "type": "VARCHAR", "description": "Licence Ouverte / Etalab 2.0."},
        {"name": "citation", "type": "VARCHAR",
         "description": "The line to quote under any figure of that year."},
        {"name": "synthetic", "type": "BOOLEAN",
         "description": "True for demonstration data made by the synthetic generator: not an "
                        "official statistic."},
        {"name": "version", "type": "VARCHAR", "description": "Publication version."},
        {"name": "published_at", "type": "TIMESTAMP", "description": "Publication time, UTC."},
    ],
}  # fmt: skip


def dictionary_markdown(tables: list[dict]) -> str:
    lines = ["# Data dictionary: the published marts", "",
             "Generated from the dbt documentation (`dbt_project/models/marts/*.yml`). Tables are "
             "in the schema `marts` of `published/trade.duckdb`, and one Parquet file (or one "
             "folder partitioned by `year=`) per table in `published/parquet/`.", ""]  # fmt: skip
    listed = {t["table"] for t in tables}
    for table in [
        *tables,
        *([PUBLICATION_INFO] if PUBLICATION_INFO["table"] not in listed else []),
    ]:
        lines += [f"## `{table['table']}`", "", " ".join(table["description"].split()), ""]
        if table.get("key"):
            key = ", ".join(f"`{c}`" for c in table["key"])
            lines += [f"Primary key (one row per): {key}.", ""]
        lines += ["| column | type | description |", "|---|---|---|"]
        for col in table["columns"]:
            description = " ".join(col["description"].split()).replace("|", "\\|")
            lines.append(f"| `{col['name']}` | {col['type']} | {description} |")
        lines.append("")
    return "\n".join(lines)


def write_dictionary(target_dir: Path, out: Path) -> tuple[Path, list[dict]]:
    manifest = json.loads((target_dir / "manifest.json").read_text(encoding="utf-8"))
    catalog_path = target_dir / "catalog.json"
    catalog = (
        json.loads(catalog_path.read_text(encoding="utf-8")) if catalog_path.exists() else None
    )
    tables = mart_docs(manifest, catalog)
    files.write_text(out, dictionary_markdown(tables))
    return out, tables
