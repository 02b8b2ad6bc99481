-- The flows of the Sankeys, ranked: the top_n products and top_n countries of each area and
-- flow, everything else folded into AUTRES (rank top_n + 1), so that the rows of one area and
-- flow add up to its total; the links between a named product and a named country ranked by
-- value (`link_rank`). Ties are broken by code. The mart top_flows adds labels and highlights.
-- A table, incremental by year (macro years_to_build): the window functions over every year
-- were most of an annual build's time.
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='year',
          on_schema_change='sync_all_columns') }}
{% set top_n = var('top_n') %}

with

years_to_build as (

    {{ years_to_build() }}

),

flows as (

    select year, level, area_code, flow, product_level, product_code, country_code, value_eur
    from {{ ref('int_trade__by_product_level') }}
    where year in (select year from years_to_build)

),

product_totals as (

    select year, level, area_code, flow, product_level, product_code,
        sum(value_eur)::bigint as value_eur
    from flows
    group by year, level, area_code, flow, product_level, product_code

),

country_totals as (

    select year, level, area_code, flow, product_level, country_code,
        sum(value_eur)::bigint as value_eur
    from flows
    group by year, level, area_code, flow, product_level, country_code

),

product_ranks as (

    select
        year, level, area_code, flow, product_level, product_code,
        row_number() over (
            partition by year, level, area_code, flow, product_level
            order by value_eur desc, product_code
        ) as product_rank
    from product_totals

),

country_ranks as (

    select
        year, level, area_code, flow, product_level, country_code,
        row_number() over (
            partition by year, level, area_code, flow, product_level
            order by value_eur desc, country_code
        ) as country_rank
    from country_totals

),

labelled as (

    select
        flows.year,
        flows.level,
        flows.area_code,
        flows.flow,
        flows.product_level,
        case when product_ranks.product_rank <= {{ top_n }}
            then flows.product_code else 'AUTRES' end as product_code,
        least(product_ranks.product_rank, {{ top_n + 1 }}) as product_rank,
        case when country_ranks.country_rank <= {{ top_n }}
            then flows.country_code else 'AUTRES' end as country_code,
        least(country_ranks.country_rank, {{ top_n + 1 }}) as country_rank,
        flows.value_eur
    from flows
    inner join product_ranks
        using (year, level, area_code, flow, product_level, product_code)
    inner join country_ranks
        using (year, level, area_code, flow, product_level, country_code)

),

folded as (

    select
        year, level, area_code, flow, product_level,
        product_code, product_rank, country_code, country_rank,
        sum(value_eur)::bigint as value_eur
    from labelled
    group by
        year, level, area_code, flow, product_level,
        product_code, product_rank, country_code, country_rank

),

link_ranks as (

    select
        *,
        case when product_code != 'AUTRES' and country_code != 'AUTRES' then
            row_number() over (
                partition by year, level, area_code, flow, product_level,
                    (product_code != 'AUTRES' and country_code != 'AUTRES')
                order by value_eur desc, product_code, country_code
            )
        end as link_rank
    from folded

)

select
    link_ranks.year,
    link_ranks.level,
    link_ranks.area_code,
    link_ranks.flow,
    link_ranks.product_level,
    link_ranks.product_code,
    link_ranks.product_rank,
    link_ranks.country_code,
    link_ranks.country_rank,
    link_ranks.value_eur,
    link_ranks.link_rank,
    {{ build_columns() }}
from link_ranks
inner join years_to_build using (year)
