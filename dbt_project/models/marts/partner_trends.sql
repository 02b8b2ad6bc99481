-- Each partner's place in every area's trade, this year and the year before: one row per country
-- with a value in the year or in the year before (0 where it has none). The previous year's
-- figures are null when that year is not loaded.
with

by_country as (

    select year, level, area_code, flow, country_code, sum(value_eur)::bigint as value_eur
    from {{ ref('int_trade__by_area') }}
    group by all

),

loaded_years as (

    select distinct year from by_country

),

flow_totals as (

    select year, level, area_code, flow, sum(value_eur)::bigint as flow_value_eur
    from by_country
    group by all

),

-- the year before, moved onto the year it precedes
previous_by_country as (

    select
        year + 1 as year, level, area_code, flow, country_code,
        value_eur as previous_value_eur
    from by_country

),

previous_flow_totals as (

    select
        year + 1 as year, level, area_code, flow,
        flow_value_eur as previous_flow_value_eur
    from flow_totals

),

-- (year, area, flow, country) with a value in the year, or in the year before when the year is
-- loaded
keys as (

    select year, level, area_code, flow, country_code from by_country where value_eur > 0
    union
    select year, level, area_code, flow, country_code
    from previous_by_country
    where previous_value_eur > 0 and year in (select year from loaded_years)

),

joined as (

    select
        keys.year,
        keys.level,
        keys.area_code,
        keys.flow,
        keys.country_code,
        coalesce(by_country.value_eur, 0) as value_eur,
        -- null when the year before is not loaded; 0 when the country had no trade then
        case when keys.year - 1 in (select year from loaded_years)
            then coalesce(previous_by_country.previous_value_eur, 0) end
            as value_eur_previous_year,
        flow_totals.flow_value_eur,
        previous_flow_totals.previous_flow_value_eur
    from keys
    left join by_country using (year, level, area_code, flow, country_code)
    left join previous_by_country using (year, level, area_code, flow, country_code)
    left join flow_totals using (year, level, area_code, flow)
    left join previous_flow_totals using (year, level, area_code, flow)

),

final as (

    select
        year,
        level,
        area_code,
        flow,
        country_code,
        value_eur::bigint as value_eur,
        value_eur_previous_year::bigint as value_eur_previous_year,
        value_eur / nullif(value_eur_previous_year, 0) - 1 as change_ratio,
        value_eur / nullif(flow_value_eur, 0) as share_of_flow,
        value_eur_previous_year / nullif(previous_flow_value_eur, 0) as share_of_flow_previous_year
    from joined

)

{{ with_labels('final', ['year', 'level', 'area_code', 'flow', 'country_code', 'value_eur', 'value_eur_previous_year', 'change_ratio', 'share_of_flow', 'share_of_flow_previous_year']) }}
