-- The tariff scenarios as loaded (the loader checked every code and rate): renamed and typed.
select
    scenario_id,
    scenario_label,
    upper(partner_code) as partner_code,
    upper(product_code) as product_code,
    rate::double as rate,
    source,
    note,
    line_number
from {{ source('tariffs', 'tariff_scenarios') }}
