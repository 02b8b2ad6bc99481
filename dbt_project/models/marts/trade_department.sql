-- Annual trade of each department area, for BI tools: the department rows of int_trade__by_area.
{{ config(materialized='view') }}

with

trade as (

    select * exclude (level, load_id, code_version, built_at)
    from {{ ref('int_trade__by_area') }}
    where level = 'department'

)

{{ with_labels('trade', ['year', 'area_code', 'flow', 'cpf4_code', 'a129_code', 'country_code',
    'value_eur', 'mass_kg'], level='department') }}
