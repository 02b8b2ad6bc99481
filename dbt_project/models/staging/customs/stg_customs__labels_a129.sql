with

source as (

    select * from {{ source('customs', 'labels_a129') }}

),

renamed as (

    select
        year,
        a129_code,
        label as a129_label,
        valid_from,
        valid_to

    from source

)

select * from renamed
