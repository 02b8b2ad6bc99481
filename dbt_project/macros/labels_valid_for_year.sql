{#-
  One label per (year, code) from a staged label table that carries validity periods
  (YYYYMM start and end, 999912 = current): the period that overlaps the year; if several do,
  the one that started last. Codes repeat in `Libelle_PAYS.txt` (QU, XK, XS).
-#}
{% macro labels_valid_for_year(relation, code_column, label_column) %}
    select year, {{ code_column }}, {{ label_column }}
    from {{ relation }}
    where valid_from <= year * 100 + 12
      and valid_to >= year * 100 + 1
    qualify row_number() over (
        partition by year, {{ code_column }} order by valid_from desc, {{ label_column }}
    ) = 1
{% endmacro %}
