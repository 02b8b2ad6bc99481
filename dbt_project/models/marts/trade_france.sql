-- Annual trade of each france area, for BI tools: the france rows of int_trade__by_area.
{{ config(materialized='view') }}

with

trade as (

    select * exclude (level, load_id, code_version, built_at)
    from {{ ref('int_trade__by_area') }}
    where level = 'france'

)

{{ with_labels('trade', ['year', 'area_code', 'flow', 'cpf4_code', 'a129_code', 'country_code',
    'value_eur', 'mass_kg'], level='france') }}
