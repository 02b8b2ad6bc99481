"""Which marts are published, and how, is said where each mart is documented: its
`config.meta.publication` in `_marts__models.yml` (`orchestration/publish/tables.py`)."""

from __future__ import annotations

import json

import pytest

from orchestration.publish.tables import (
    PUBLISHED_TABLES,
    UNINDEXED,
    UNPARTITIONED,
    publication_meta,
)

YAML = """
version: 2
models:
  - name: lines
    config: {contract: {enforced: true}, meta: {publication: {order: 2, indexed: false}}}
  - name: internal
    config: {contract: {enforced: true}}
  - name: areas
    config: {meta: {publication: {order: 1, partitioned: false}}}
"""


def test_the_published_marts_are_those_marked_in_their_yaml_in_their_order():
    meta = publication_meta(YAML, "m.yml")
    assert list(meta) == ["areas", "lines"]
    assert meta["lines"] == {"order": 2, "indexed": False}


@pytest.mark.parametrize(("entry", "message"), [
    ("{publication: {indexed: false}}", "m.yml: model b: meta.publication needs a whole number "
                                        "`order`, got {'indexed': False}"),
    ("{publication: {order: 1}}", "m.yml: meta.publication order [1] given to two models"),
])  # fmt: skip
def test_a_publication_entry_without_its_order_or_with_a_taken_one_names_the_model(entry, message):
    text = ("models:\n  - name: a\n    config: {meta: {publication: {order: 1}}}\n"
            f"  - name: b\n    config: {{meta: {entry}}}\n")  # fmt: skip
    with pytest.raises(ValueError) as error:
        publication_meta(text, "m.yml")
    assert str(error.value) == message


def test_dbt_reads_the_same_publication_entries(dbt_manifest):
    """dbt parses the same YAML: its manifest holds each published model's entry, and no other
    model has one (a `meta` misplaced where dbt would not see it is caught here)."""
    nodes = json.loads(dbt_manifest.read_text())["nodes"].values()
    marked = {
        n["name"]: n["config"]["meta"]["publication"]
        for n in nodes
        if n["resource_type"] == "model" and "publication" in n["config"].get("meta", {})
    }
    assert sorted(marked, key=lambda t: marked[t]["order"]) == list(PUBLISHED_TABLES)
    assert {t for t, m in marked.items() if m.get("partitioned") is False} == UNPARTITIONED
    assert {t for t, m in marked.items() if m.get("indexed") is False} == UNINDEXED
    assert "dim_years" not in marked  # read by the fiches and the publisher, not published
