with

source as (

    select * from {{ source('customs', 'labels_country') }}

),

renamed as (

    select
        year,
        country_code,
        -- light cleaning: the file drops the accent of a capital É (« Etats-Unis »,
        -- « Egypte »); French typography keeps it, and so do the fiches
        case
            when regexp_matches(label, '^E(tats|mirats|quateur|gypte|rythrée|thiopie)')
                then 'É' || substr(label, 2)
            else label
        end as country_label,
        valid_from,
        valid_to

    from source

)

select * from renamed
