"""The marts the publication copies, in the order the data dictionary lists them: those whose
entry in `dbt_project/models/marts/_marts__models.yml` says so, in its `config.meta`:

    config:
      contract: {enforced: true}
      meta: {publication: {order: 7}}

`order`: its place in the publication's lists; `partitioned: false`: one file, not one per year
(a table without a year); `indexed: false`: its key documented and tested by dbt but not declared
in the publication (a line-level table, millions of rows a year on the real files, whose copy
would build an index of every line in memory). Publishing a mart is that one line where the
mart is documented (and a line of `docs/publication-changelog.md`).
"""

from __future__ import annotations

import yaml

from orchestration.settings import REPO_ROOT

MARTS_YAML = REPO_ROOT / "dbt_project" / "models" / "marts" / "_marts__models.yml"


def publication_meta(text: str, where: str = str(MARTS_YAML)) -> dict[str, dict]:
    """Each published model's `config.meta.publication`, by name, in publication order."""
    marked: dict[str, dict] = {}
    for model in yaml.safe_load(text).get("models", []):
        meta = ((model.get("config") or {}).get("meta") or {}).get("publication")
        if meta is None:
            continue
        if not isinstance(meta, dict) or not isinstance(meta.get("order"), int):
            raise ValueError(f"{where}: model {model['name']}: meta.publication needs a whole "
                             f"number `order`, got {meta!r}")  # fmt: skip
        marked[model["name"]] = meta
    orders = [meta["order"] for meta in marked.values()]
    if len(set(orders)) != len(orders):
        twice = sorted({o for o in orders if orders.count(o) > 1})
        raise ValueError(f"{where}: meta.publication order {twice} given to two models")
    return dict(sorted(marked.items(), key=lambda item: item[1]["order"]))


_PUBLISHED = publication_meta(MARTS_YAML.read_text(encoding="utf-8"))
PUBLISHED_TABLES = tuple(_PUBLISHED)
UNPARTITIONED = {t for t, meta in _PUBLISHED.items() if meta.get("partitioned") is False}
UNINDEXED = {t for t, meta in _PUBLISHED.items() if meta.get("indexed") is False}

# Columns renamed, (table, old name) -> new name, so that a version's README says "renamed"
# rather than "removed" and "added", and BI users find them in docs/publication-changelog.md.
RENAMED_COLUMNS = {
    ("area_indicators", "change_pct"): "change_ratio",
    ("partner_trends", "change_pct"): "change_ratio",
    ("trade_quarterly", "change_pct_same_quarter_previous_year"):
        "change_ratio_same_quarter_previous_year",
}  # fmt: skip
