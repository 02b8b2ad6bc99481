with

source as (

    select * from {{ source('customs', 'labels_country') }}

),

renamed as (

    select
        year,
        country_code,
        label as country_label,
        valid_from,
        valid_to

    from source

)

select * from renamed
