{#- A generic test as a macro: the dbt package hub is out of reach here (no dbt_utils). -#}
{% test between(model, column_name, min_value, max_value) %}
    select *
    from {{ model }}
    where {{ column_name }} < {{ min_value }} or {{ column_name }} > {{ max_value }}
{% endtest %}
