"""The validation suites name relations as BI users see them (`marts.trade_totals`): every name
they use must be a model of the dbt project (or a raw table of the load), so that renaming a model
without its suites fails here rather than in a run."""

from __future__ import annotations

import json
import re

from orchestration.ingest.load import YEAR_TABLES
from orchestration.project import dbt_project
from orchestration.validation.suites import load_suites

RAW_TABLES = {*YEAR_TABLES, "customs_loads"}


def test_every_relation_a_suite_reads_exists():
    manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
    models = {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    seeds = {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "seed"}
    for suite in load_suites():
        named = set(re.findall(r"\b(marts|raw|reference)\.(\w+)", suite.query))
        for schema, name in named:
            known = {"marts": models, "raw": RAW_TABLES, "reference": seeds}[schema]
            assert name in known, f"{suite.path.name}: {schema}.{name} is not a known relation"
        if suite.asset[0] == "raw":  # unqualified names read the candidate or the promoted year
            ctes = set(re.findall(r"\b(\w+) AS \(", suite.query))  # the query's own names
            unqualified = set(re.findall(r"\bFROM (\w+)\b(?!\.)", suite.query)) - ctes
            assert unqualified <= RAW_TABLES, unqualified
        else:
            assert suite.asset[1] in models
