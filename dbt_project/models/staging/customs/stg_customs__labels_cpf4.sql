with

source as (

    select * from {{ source('customs', 'labels_cpf4') }}

),

renamed as (

    select
        year,
        cpf4_code,
        label as cpf4_label,
        valid_from,
        valid_to

    from source

)

select * from renamed
