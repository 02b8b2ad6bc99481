with

source as (

    select * from {{ source('anct', 'territoires_industrie') }}

),

renamed as (

    select
        trim(ti_id) as ti_id,
        trim(ti_name) as ti_name,
        trim(department_code) as department_code,
        cast(department_share as double) as department_share,
        cast(is_main_department as boolean) as is_main_department,
        source_department_codes,
        source_mode,
        source_file

    from source

)

select * from renamed
