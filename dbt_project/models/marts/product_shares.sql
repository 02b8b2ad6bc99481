-- "Principales activités à l'import et à l'export": each product's value and share of its
-- flow, per area, at both product levels; rank by value, ties broken by product code.
with

by_product as (

    select
        year, level, area_code, flow, product_level, product_code,
        sum(value_eur)::bigint as value_eur
    from {{ ref('int_trade__by_product_level') }}
    group by all

),

products as (

    select * from {{ ref('dim_products') }}

),

final as (

    select
        by_product.year,
        by_product.level,
        by_product.area_code,
        by_product.flow,
        by_product.product_level,
        by_product.product_code,
        products.product_label,
        by_product.value_eur,
        by_product.value_eur / nullif(
            sum(by_product.value_eur) over (
                partition by by_product.year, by_product.level, by_product.area_code,
                    by_product.flow, by_product.product_level
            ), 0) as share_of_flow,
        row_number() over (
            partition by by_product.year, by_product.level, by_product.area_code,
                by_product.flow, by_product.product_level
            order by by_product.value_eur desc, by_product.product_code
        ) as rank
    from by_product
    left join products
        on by_product.year = products.year
        and by_product.product_level = products.product_level
        and by_product.product_code = products.product_code

)

{{ with_labels('final', ['year', 'level', 'area_code', 'flow', 'product_level', 'product_code', 'product_label', 'value_eur', 'share_of_flow', 'rank']) }}
