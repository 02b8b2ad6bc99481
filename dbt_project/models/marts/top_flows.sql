-- Sankey flows of the fiche: the top_n products and top_n countries of each area and flow,
-- everything else folded into AUTRES ("Autres produits" / "Autres pays", rank top_n + 1), so
-- that the rows of one area and flow add up to its total. The top_links largest links between
-- a named product and a named country are highlighted. Ties are broken by code.
{% set top_n = var('top_n') %}
{% set top_links = var('top_links') %}

with

flows as (

    select * from {{ ref('int_trade__by_product_level') }}

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

),

products as (

    select * from {{ ref('dim_products') }}

),

countries as (

    select * from {{ ref('dim_countries') }}

)

select
    link_ranks.year,
    link_ranks.level,
    link_ranks.area_code,
    link_ranks.flow,
    link_ranks.product_level,
    link_ranks.product_code,
    case when link_ranks.product_code = 'AUTRES' then 'Autres produits'
        else products.product_label end as product_label,
    link_ranks.product_rank,
    link_ranks.country_code,
    case when link_ranks.country_code = 'AUTRES' then 'Autres pays'
        else countries.country_name end as country_name,
    link_ranks.country_rank,
    link_ranks.value_eur,
    coalesce(link_ranks.link_rank <= {{ top_links }}, false) as is_top_link
from link_ranks
left join products
    on link_ranks.year = products.year
    and link_ranks.product_level = products.product_level
    and link_ranks.product_code = products.product_code
left join countries
    on link_ranks.year = countries.year
    and link_ranks.country_code = countries.country_code
