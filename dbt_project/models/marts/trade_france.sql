-- Annual trade of each france area, for BI tools: the france rows of int_trade__by_area.
{{ config(materialized='view') }}

select * exclude (level, load_id, code_version, built_at)
from {{ ref('int_trade__by_area') }}
where level = 'france'
