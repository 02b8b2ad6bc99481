"""The marts the publication copies, in the order the data dictionary lists them."""

PUBLISHED_TABLES = (
    "dim_areas", "dim_products", "dim_countries", "trade_department", "trade_region",
    "trade_france", "trade_totals", "partner_balance", "product_shares", "top_flows",
    "dim_territoires_industrie", "area_indicators", "partner_trends", "product_specialisation",
    "trade_quarterly", "import_dependence",
)  # fmt: skip
UNPARTITIONED = {"dim_areas", "dim_territoires_industrie"}
