-- The products that bear each tariff scenario's duties in each area, all the scenario's partners
-- together: the exports they tax, the duties at constant flows, the effective rate on those
-- exports, the product's share of the area's duties and its rank (1 the most taxed; ties by
-- code). Only products with duties above 0. The fiche lists ranks 1 to 5 of the first scenario.
with

taxed as (

    select * from {{ ref('tariff_exposure_products') }}
    where duties_eur > 0

),

by_product as (

    select
        scenario_id, year, level, area_code, cpf4_code,
        sum(export_eur)::bigint as taxed_export_eur,
        -- summed exactly (micro-euros), as in tariff_exposure
        sum(duties_eur::decimal(38, 6)) as duties_eur
    from taxed
    group by all

),

final as (

    select
        scenario_id,
        year,
        level,
        area_code,
        cpf4_code,
        taxed_export_eur,
        duties_eur::double as duties_eur,
        (duties_eur / taxed_export_eur)::double as rate,
        (duties_eur / sum(duties_eur) over (
            partition by scenario_id, year, level, area_code
        ))::double as share_of_duties,
        row_number() over (
            partition by scenario_id, year, level, area_code order by duties_eur desc, cpf4_code
        ) as rank
    from by_product

)

{{ with_labels('final', ['scenario_id', 'year', 'level', 'area_code', 'rank', 'cpf4_code',
    'taxed_export_eur', 'duties_eur', 'rate', 'share_of_duties']) }}
