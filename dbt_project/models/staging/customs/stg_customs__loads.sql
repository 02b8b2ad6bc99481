with

source as (

    select * from {{ source('customs', 'customs_loads') }}

),

renamed as (

    select
        year,
        case flow when 'E' then 'export' when 'I' then 'import' end as flow,
        load_id,
        status,
        vintage,
        loaded_at,
        decided_at

    from source

)

select * from renamed
