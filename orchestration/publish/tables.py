"""The marts the publication copies, in the order the data dictionary lists them."""

PUBLISHED_TABLES = (
    "dim_areas", "dim_products", "dim_countries", "trade_department", "trade_region",
    "trade_france", "trade_totals", "partner_balance", "product_shares", "top_flows",
    "dim_territoires_industrie", "area_indicators", "partner_trends", "product_specialisation",
    "trade_quarterly", "import_dependence", "tariff_exposure", "tariff_exposure_products",
    "tariff_duties_by_product",
)  # fmt: skip
UNPARTITIONED = {"dim_areas", "dim_territoires_industrie"}
# The line-level tables (millions of rows a year on the real files): their key is documented
# and tested by dbt but not declared in the publication, whose copy would build an index of
# every line in memory.
UNINDEXED = {"trade_department", "trade_region", "trade_france"}

# Columns renamed, (table, old name) -> new name, so that a version's README says "renamed"
# rather than "removed" and "added", and BI users find them in docs/publication-changelog.md.
RENAMED_COLUMNS = {
    ("area_indicators", "change_pct"): "change_ratio",
    ("partner_trends", "change_pct"): "change_ratio",
    ("trade_quarterly", "change_pct_same_quarter_previous_year"):
        "change_ratio_same_quarter_previous_year",
}  # fmt: skip
