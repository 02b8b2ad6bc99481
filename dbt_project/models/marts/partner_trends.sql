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

-- (year, area, flow, country) with a value in the year, or in the year before when the year is
-- loaded
keys as (

    select year, level, area_code, flow, country_code from by_country where value_eur > 0
    union
    select by_country.year + 1, level, area_code, flow, country_code
    from by_country
    inner join loaded_years on loaded_years.year = by_country.year + 1
    where value_eur > 0

)

select
    keys.year,
    keys.level,
    keys.area_code,
    keys.flow,
    keys.country_code,
    coalesce(current_value.value_eur, 0)::bigint as value_eur,
    case when loaded_1.year is not null
        then coalesce(previous_value.value_eur, 0) end::bigint as value_eur_previous_year,
    coalesce(current_value.value_eur, 0)
        / nullif(case when loaded_1.year is not null
            then coalesce(previous_value.value_eur, 0) end, 0) - 1 as change_pct,
    coalesce(current_value.value_eur, 0) / nullif(current_total.flow_value_eur, 0)
        as share_of_flow,
    case when loaded_1.year is not null
        then coalesce(previous_value.value_eur, 0) / nullif(previous_total.flow_value_eur, 0)
    end as share_of_flow_previous_year
from keys
left join loaded_years as loaded_1 on loaded_1.year = keys.year - 1
left join by_country as current_value
    on current_value.year = keys.year
    and current_value.level = keys.level
    and current_value.area_code = keys.area_code
    and current_value.flow = keys.flow
    and current_value.country_code = keys.country_code
left join by_country as previous_value
    on previous_value.year = keys.year - 1
    and previous_value.level = keys.level
    and previous_value.area_code = keys.area_code
    and previous_value.flow = keys.flow
    and previous_value.country_code = keys.country_code
left join flow_totals as current_total
    on current_total.year = keys.year
    and current_total.level = keys.level
    and current_total.area_code = keys.area_code
    and current_total.flow = keys.flow
left join flow_totals as previous_total
    on previous_total.year = keys.year - 1
    and previous_total.level = keys.level
    and previous_total.area_code = keys.area_code
    and previous_total.flow = keys.flow
