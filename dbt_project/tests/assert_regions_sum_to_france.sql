-- The regions add up to France, per year and flow, to the euro.
with regions as (
    select year, sum(export_eur) as export_eur, sum(import_eur) as import_eur
    from {{ ref('trade_totals') }}
    where level = 'region'
    group by all
),
france as (
    select year, export_eur, import_eur
    from {{ ref('trade_totals') }}
    where level = 'france'
)
select *
from regions
full outer join france using (year)
where regions.export_eur is distinct from france.export_eur
   or regions.import_eur is distinct from france.import_eur
