with

source as (

    select * from {{ source('customs', 'departments') }}

),

renamed as (

    select
        year,
        department_code as customs_department_code,
        department_name as customs_department_name,
        dgddi_region_code,
        dgddi_region_name

    from source

)

select * from renamed
