{#-
  Incremental by year. `years_to_build()`: the years an incremental model (re)builds, with the
  load each is built from. On a full build, every promoted year; on an incremental one, the
  years whose promoted load is not the `load_id` the model's rows were built from, or whose rows
  were built by another version of the project's models (`code_version`): a reloaded year is
  rebuilt whole, a new year is added, the others are left as they are, and a change to the SQL
  of any model rebuilds every year once. An annual refresh reads one year of raw lines.
-#}
{% macro years_to_build() %}
select distinct loads.year, loads.load_id
from {{ ref('stg_customs__loads') }} as loads
where loads.status = 'promoted'
{%- if is_incremental() %}
    and (loads.year, loads.load_id, '{{ code_version() }}') not in (
        select distinct year, load_id, code_version from {{ this }}
    )
{%- endif %}
{% endmacro %}

{#- A digest of the SQL of every model of the project, stored in the rows of the incremental
    models: a change to any model (this one or one it reads) rebuilds every year once. -#}
{% macro code_version() -%}
{%- set sql = [] -%}
{%- if execute and graph.nodes is defined -%}{#- not while parsing, nor in unit tests -#}
{%- for node in graph.nodes.values() | sort(attribute='unique_id') -%}
{%- if node.resource_type == 'model' -%}{%- do sql.append(node.raw_code) -%}{%- endif -%}
{%- endfor -%}
{%- endif -%}
{{ local_md5(sql | join('\n')) }}
{%- endmacro %}

{#- The columns an incremental model adds to each row: the load and the models' version its year
    was built from, and when (the model's `years_to_build` CTE gives the load). -#}
{% macro build_columns() -%}
years_to_build.load_id,
    '{{ code_version() }}' as code_version,
    current_localtimestamp() as built_at
{%- endmacro %}
