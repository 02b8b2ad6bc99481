-- Where a département or a region is more specialised than France: each A129 product's share of
-- the area's flow against its share of France's flow. Ranked by that index among the products
-- weighing at least 0.5 % of the flow (a tiny flow would otherwise top the list).
{% set min_share = 0.005 %}
with

shares as (

    select year, level, area_code, flow, product_code, value_eur, share_of_flow
    from {{ ref('product_shares') }}
    where product_level = 'a129'

),

france as (

    select year, flow, product_code, share_of_flow as france_share_of_flow
    from shares
    where level = 'france'

),

indexed as (

    select
        shares.year,
        shares.level,
        shares.area_code,
        shares.flow,
        shares.product_code,
        shares.value_eur,
        shares.share_of_flow,
        france.france_share_of_flow,
        shares.share_of_flow / nullif(france.france_share_of_flow, 0) as specialisation_index
    from shares
    left join france using (year, flow, product_code)
    where shares.level in ('department', 'region') and shares.value_eur > 0

),

final as (

    select
        *,
        case when share_of_flow >= {{ min_share }} then
            row_number() over (
                partition by year, level, area_code, flow, share_of_flow >= {{ min_share }}
                order by specialisation_index desc nulls last, product_code
            )
        end as rank
    from indexed

)

{{ with_labels('final', ['year', 'level', 'area_code', 'flow', 'product_code', 'value_eur', 'share_of_flow', 'france_share_of_flow', 'specialisation_index', 'rank'], product_level='a129') }}
