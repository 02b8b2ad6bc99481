-- Headline figures of the fiche: totals per flow and the shares of the region and of France.
-- Region and France totals are sums over the same data, so shares are exact ratios.
with

by_area as (

    select
        year,
        level,
        area_code,
        coalesce(sum(value_eur) filter (where flow = 'export'), 0)::bigint as export_eur,
        coalesce(sum(value_eur) filter (where flow = 'import'), 0)::bigint as import_eur
    from {{ ref('int_trade__by_area') }}
    group by all

),

areas as (

    select level, area_code, region_code from {{ ref('dim_areas') }}

),

regions as (

    select * from by_area where level = 'region'

),

france as (

    select * from by_area where level = 'france'

),

final as (

    select
        by_area.year,
        by_area.level,
        by_area.area_code,
        by_area.export_eur,
        by_area.import_eur,
        by_area.export_eur - by_area.import_eur as balance_eur,
        case when by_area.level = 'department'
            then by_area.export_eur / nullif(regions.export_eur, 0) end as export_share_of_region,
        case when by_area.level = 'department'
            then by_area.import_eur / nullif(regions.import_eur, 0) end as import_share_of_region,
        by_area.export_eur / nullif(france.export_eur, 0) as export_share_of_france,
        by_area.import_eur / nullif(france.import_eur, 0) as import_share_of_france
    from by_area
    left join areas
        on by_area.level = areas.level and by_area.area_code = areas.area_code
    left join regions
        on by_area.level = 'department'
        and areas.region_code = regions.area_code
        and by_area.year = regions.year
    left join france
        on by_area.year = france.year

)

{{ with_labels('final', ['year', 'level', 'area_code', 'export_eur', 'import_eur', 'balance_eur', 'export_share_of_region', 'import_share_of_region', 'export_share_of_france', 'import_share_of_france']) }}
