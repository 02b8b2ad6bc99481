-- Trade of each area at both product levels of the fiche: A129 ("activités", the default)
-- and CPF4 (on request). One row per year, level, area, flow, product level, product, country.
-- A table, incremental by year (macro years_to_build): top_flows and product_shares read it.
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='year',
          on_schema_change='sync_all_columns') }}

with

years_to_build as (

    {{ years_to_build() }}

),

by_area as (

    select year, level, area_code, flow, a129_code, cpf4_code, country_code, value_eur
    from {{ ref('int_trade__by_area') }}
    where year in (select year from years_to_build)

),

a129 as (

    select
        year, level, area_code, flow,
        'a129' as product_level,
        a129_code as product_code,
        country_code,
        sum(value_eur)::bigint as value_eur
    from by_area
    group by all

),

cpf4 as (

    select
        year, level, area_code, flow,
        'cpf4' as product_level,
        cpf4_code as product_code,
        country_code,
        sum(value_eur)::bigint as value_eur
    from by_area
    group by all

),

stacked as (

    select * from a129
    union all
    select * from cpf4

)

select
    stacked.*,
    {{ build_columns() }}
from stacked
inner join years_to_build using (year)
