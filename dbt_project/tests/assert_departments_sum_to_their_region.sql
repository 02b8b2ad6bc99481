-- The départements of each region add up to the region's totals, per year and flow, to the euro.
with departments as (
    select totals.year, areas.region_code, sum(export_eur) as export_eur, sum(import_eur) as import_eur
    from {{ ref('trade_totals') }} as totals
    inner join {{ ref('dim_areas') }} as areas
        on areas.level = 'department' and totals.area_code = areas.area_code
    where totals.level = 'department'
    group by all
),
regions as (
    select year, area_code as region_code, export_eur, import_eur
    from {{ ref('trade_totals') }}
    where level = 'region'
)
select *
from departments
full outer join regions using (year, region_code)
where departments.export_eur is distinct from regions.export_eur
   or departments.import_eur is distinct from regions.import_eur
