{#-
  Incremental by year. `years_to_build()`: the years an incremental model (re)builds, with the
  load each is built from. On a full build, every promoted year; on an incremental one, the
  years whose promoted load is not the `load_id` the model's rows were built from, or whose rows
  were built by another version of the model's SQL (`code_version`): a reloaded year is rebuilt
  whole, a new year is added, the others are left as they are, and a change to the model
  rebuilds every year by itself. An annual refresh reads one year of raw lines.
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

{#- A digest of the calling model's SQL, stored in its rows. -#}
{% macro code_version() -%}
{{ local_md5(model.raw_code) }}
{%- endmacro %}
