-- The three levels of the fiche in one relation: département, region, France, each the annual
-- trade of its départements summed (macro trade_summed_by). A table every mart reads,
-- incremental by year (macro years_to_build).
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='year',
          on_schema_change='sync_all_columns') }}

with

years_to_build as (

    {{ years_to_build() }}

),

department as (

    select 'department' as level, * from ({{ trade_summed_by('department_code') }})

),

region as (

    select 'region' as level, * from ({{ trade_summed_by('region_code') }})

),

france as (

    select 'france' as level, * from ({{ trade_summed_by("'FR'") }})

),

stacked as (

    select * from department
    union all by name
    select * from region
    union all by name
    select * from france

)

select
    stacked.*,
    {{ build_columns() }}
from stacked
inner join years_to_build using (year)
