-- Quarters summed into the year, customs département codes translated to INSEE geography.
-- A left join: a code missing from the seed gives a null department_code, which the YAML
-- tests reject (error) rather than dropping the trade silently.
with

trade as (

    select * from {{ ref('stg_customs__trade') }}

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
    annual.mass_kg

from annual
left join geography
    on annual.customs_department_code = geography.customs_department_code
