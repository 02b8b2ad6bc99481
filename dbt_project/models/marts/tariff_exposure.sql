-- What a tariff scenario would cost each area that exports: one row per scenario, year, level
-- and area. Sums of tariff_exposure_products over the area's products and the scenario's
-- partners, beside all the area's exports (trade_totals). First-order estimate at constant
-- flows (duties = exports × rate; no price or volume response).
with

products as (

    select * from {{ ref('tariff_exposure_products') }}

),

scenarios as (

    -- numbered in the file's order: the first is the one the fiche shows
    select
        scenario_id,
        scenario_label,
        row_number() over (order by min(line_number)) as scenario_order
    from {{ ref('stg_tariffs__scenarios') }}
    group by scenario_id, scenario_label

),

exporters as (

    select year, level, area_code, export_eur
    from {{ ref('trade_totals') }}
    where export_eur > 0

),

sums as (

    select
        scenario_id,
        year,
        level,
        area_code,
        sum(export_eur) as exports_to_partners_eur,
        coalesce(sum(export_eur) filter (where rate > 0), 0) as exposed_eur,
        -- summed exactly (micro-euros), so that the result does not depend on the order in
        -- which a parallel aggregate adds the lines' doubles
        sum(duties_eur::decimal(38, 6))::double as duties_eur
    from products
    group by scenario_id, year, level, area_code

),

first_products as (

    select scenario_id, year, level, area_code, cpf4_code as first_product_code
    from {{ ref('tariff_duties_by_product') }}
    where rank = 1

),

final as (

    select
        scenarios.scenario_id,
        scenarios.scenario_label,
        scenarios.scenario_order::integer as scenario_order,
        exporters.year,
        exporters.level,
        exporters.area_code,
        exporters.export_eur,
        coalesce(sums.exports_to_partners_eur, 0)::bigint as exports_to_partners_eur,
        coalesce(sums.exposed_eur, 0)::bigint as exposed_eur,
        coalesce(sums.duties_eur, 0)::double as duties_eur,
        coalesce(sums.exposed_eur, 0) / exporters.export_eur as exposed_share,
        coalesce(sums.duties_eur, 0) / exporters.export_eur as duties_share,
        coalesce(sums.exports_to_partners_eur, 0) / exporters.export_eur as partners_share,
        first_products.first_product_code
    from exporters
    cross join scenarios
    left join sums
        on scenarios.scenario_id = sums.scenario_id
        and exporters.year = sums.year
        and exporters.level = sums.level
        and exporters.area_code = sums.area_code
    left join first_products
        on scenarios.scenario_id = first_products.scenario_id
        and exporters.year = first_products.year
        and exporters.level = first_products.level
        and exporters.area_code = first_products.area_code

)

{{ with_labels('final', ['scenario_id', 'scenario_label', 'scenario_order', 'year', 'level', 'area_code',
    'export_eur', 'exports_to_partners_eur', 'exposed_eur', 'duties_eur', 'exposed_share',
    'duties_share', 'partners_share', 'first_product_code']) }}
