-- Annual trade of each region area, for BI tools: the region rows of int_trade__by_area.
{{ config(materialized='view') }}

{{ trade_lines('region') }}
