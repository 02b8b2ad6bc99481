with

source as (

    select * from {{ source('customs', 'customs_trade') }}

),

renamed as (

    select
        year,
        quarter,
        case flow when 'E' then 'export' when 'I' then 'import' end as flow,
        trim(department_code) as customs_department_code,
        trim(dgddi_region_code) as dgddi_region_code,
        trim(a129_code) as a129_code,
        trim(cpf4_code) as cpf4_code,
        trim(country_code) as country_code,
        value_eur,
        mass_kg,
        vintage,
        source_file

    from source

)

select * from renamed
