-- The Sankey rows of each area, flow and product level add up to the area's flow total (an area
-- whose lines of a flow are all zero has rows summing to 0 and no total above 0: both are 0).
with flows as (
    select year, level, area_code, flow, product_level, sum(value_eur) as value_eur
    from {{ ref('top_flows') }}
    group by all
),
totals as (
    select year, level, area_code, 'export' as flow, export_eur as value_eur
    from {{ ref('trade_totals') }} where export_eur > 0
    union all
    select year, level, area_code, 'import' as flow, import_eur as value_eur
    from {{ ref('trade_totals') }} where import_eur > 0
),
expected as (
    select totals.*, levels.product_level
    from totals
    cross join (values ('a129'), ('cpf4')) as levels(product_level)
)
select *
from flows
full outer join expected using (year, level, area_code, flow, product_level)
where coalesce(flows.value_eur, 0) != coalesce(expected.value_eur, 0)
