{#- A generic test as a macro: the dbt package hub is out of reach here (no dbt_utils). -#}
{% test not_negative(model, column_name) %}
    select * from {{ model }} where {{ column_name }} < 0
{% endtest %}
