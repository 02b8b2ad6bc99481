-- Trade of every area by quarter, at the three levels of the fiche, on a complete grid: every
-- loaded quarter for every area and flow that trade that year (0 when nothing crossed the
-- border that quarter), so that windows over quarters never skip one.
-- Incremental by year, like int_trade__annual_by_department (macro years_to_build).
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='year',
          on_schema_change='sync_all_columns') }}

with

years_to_build as (

    {{ years_to_build() }}

),

trade as (

    select
        trade.year,
        trade.quarter,
        geography.department_code,
        geography.region_code,
        trade.flow,
        trade.value_eur
    from {{ ref('stg_customs__trade') }} as trade
    left join {{ ref('ref_departments') }} as geography
        on trade.customs_department_code = geography.customs_department_code
    where trade.year in (select year from years_to_build)

),

stacked as (

    select year, quarter, 'department' as level, department_code as area_code, flow, value_eur
    from trade
    union all
    select year, quarter, 'region', region_code, flow, value_eur from trade
    union all
    select year, quarter, 'france', 'FR', flow, value_eur from trade

),

summed as (

    select year, quarter, level, area_code, flow, sum(value_eur)::bigint as value_eur
    from stacked
    group by all

),

grid as (

    select areas.year, quarters.quarter, areas.level, areas.area_code, flows.flow
    from (select distinct year, level, area_code from summed) as areas
    cross join (select unnest([1, 2, 3, 4]) as quarter) as quarters
    cross join (select unnest(['export', 'import']) as flow) as flows

)

select
    grid.year,
    grid.quarter,
    grid.level,
    grid.area_code,
    grid.flow,
    coalesce(summed.value_eur, 0)::bigint as value_eur,
    {{ build_columns() }}
from grid
inner join years_to_build using (year)
left join summed using (year, quarter, level, area_code, flow)
