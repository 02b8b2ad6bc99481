-- Annual trade of each france area, for BI tools: the france rows of int_trade__by_area.
{{ config(materialized='view') }}

{{ trade_lines('france') }}
