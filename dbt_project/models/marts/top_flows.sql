-- Sankey flows of the fiche: the top_n products and top_n countries of each area and flow,
-- everything else folded into AUTRES ("Autres produits" / "Autres pays", rank top_n + 1), so
-- that the rows of one area and flow add up to its total. The top_links largest links between
-- a named product and a named country are highlighted. Ties are broken by code. The ranking is
-- int_trade__flows_ranked's; this adds the labels and the highlights.
{% set top_links = var('top_links') %}

with

link_ranks as (

    select * from {{ ref('int_trade__flows_ranked') }}

),

products as (

    select * from {{ ref('dim_products') }}

),

countries as (

    select * from {{ ref('dim_countries') }}

),

final as (

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

)

{{ with_labels('final', ['year', 'level', 'area_code', 'flow', 'product_level', 'product_code', 'product_label', 'product_rank', 'country_code', 'country_name', 'country_rank', 'value_eur', 'is_top_link']) }}
