-- Quarters summed into the year, customs département codes translated to INSEE geography.
-- A left join: a code missing from the seed gives a null department_code, which the YAML
-- tests reject (error) rather than dropping the trade silently.
-- Incremental by year (macro years_to_build): only new or reloaded years read the raw lines,
-- and every year is rebuilt when this SQL changes.
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='year',
          on_schema_change='sync_all_columns') }}

with

years_to_build as (

    {{ years_to_build() }}

),

trade as (

    select * from {{ ref('stg_customs__trade') }}
    where year in (select year from years_to_build)

),

geography as (

    select * from {{ ref('ref_departments') }}

),

annual as (

    select
        year,
        customs_department_code,
        flow,
        cpf4_code,
        a129_code,
        country_code,
        sum(value_eur)::bigint as value_eur,
        sum(mass_kg)::bigint as mass_kg

    from trade
    group by all

)

select
    annual.year,
    geography.department_code,
    geography.region_code,
    annual.customs_department_code,
    annual.flow,
    annual.cpf4_code,
    annual.a129_code,
    annual.country_code,
    annual.value_eur,
    annual.mass_kg,
    {{ build_columns() }}

from annual
inner join years_to_build on annual.year = years_to_build.year
left join geography
    on annual.customs_department_code = geography.customs_department_code
