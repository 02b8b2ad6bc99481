-- The three levels of the fiche in one relation: département, region, France.
with

department as (

    select 'department' as level, * from {{ ref('trade_department') }}

),

region as (

    select 'region' as level, * from {{ ref('trade_region') }}

),

france as (

    select 'france' as level, * from {{ ref('trade_france') }}

)

select * from department
union all by name
select * from region
union all by name
select * from france
