{#- The line-level table of one area level (trade_department, trade_region, trade_france): the
    rows of int_trade__by_area at that level, each code with its label. -#}
{% macro trade_lines(level) %}
with

trade as (

    select * exclude (level, load_id, code_version, built_at)
    from {{ ref('int_trade__by_area') }}
    where level = '{{ level }}'

)

{{ with_labels('trade', ['year', 'area_code', 'flow', 'cpf4_code', 'a129_code', 'country_code',
    'value_eur', 'mass_kg'], level=level) }}
{% endmacro %}
