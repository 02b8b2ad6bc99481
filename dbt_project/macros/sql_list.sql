{#- A list of strings as a SQL list literal: ['AT', 'BE'] -> ('AT', 'BE'). Constants only. -#}
{% macro sql_list(values) -%}
    ({% for value in values %}'{{ value }}'{% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}
