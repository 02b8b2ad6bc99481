-- Trade of each area at both product levels of the fiche: A129 ("activités", the default)
-- and CPF4 (on request). One row per year, level, area, flow, product level, product, country.
with

by_area as (

    select * from {{ ref('int_trade__by_area') }}

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

)

select * from a129
union all
select * from cpf4
