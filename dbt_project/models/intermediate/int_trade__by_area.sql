-- The three levels of the fiche in one relation: département, region, France, each the annual
-- trade of its départements summed (macro trade_summed_by). A table: every mart reads it.
{{ config(materialized='table') }}

with

department as (

    select 'department' as level, * from ({{ trade_summed_by('department_code') }})

),

region as (

    select 'region' as level, * from ({{ trade_summed_by('region_code') }})

),

france as (

    select 'france' as level, * from ({{ trade_summed_by("'FR'") }})

)

select * from department
union all by name
select * from region
union all by name
select * from france
