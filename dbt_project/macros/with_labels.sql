{#- The final select of a mart: the columns of `relation` (a CTE) in the order given, each code
    followed by its French label, named after it, so that a table read alone in a BI tool says
    what its codes mean:
      area_code           -> area_id (`department:92`, `region:11`, `france:FR`; only where the
                             table has a `level` column) and area_name (dim_areas)
      country_code        -> country_name (dim_countries of the year)
      first_supplier_code -> first_supplier_name, partner_code -> partner_name,
      first_partner_code  -> first_partner_name
      first_product_code  -> first_product_label (a CPF4 product)
      cpf4_code           -> cpf4_label, a129_code -> a129_label (dim_products of the year)
      product_code        -> product_label (`product_level` column, or the level given)
    A label already among the columns is kept as it is. `level`: the area level when the table
    has no `level` column (trade_department...). -#}
{% macro with_labels(relation, columns, level=none, product_level=none) %}
{%- set has_level = 'level' in columns -%}
{%- set area_level = relation ~ '.level' if has_level else "'" ~ level ~ "'" -%}
{%- set p_level = relation ~ '.product_level' if product_level is none else "'" ~ product_level ~ "'" -%}
{%- set out = [] -%}
{%- set joins = [] -%}
{%- for c in columns -%}
    {%- do out.append(relation ~ '.' ~ c) -%}
    {%- if c == 'area_code' -%}
        {%- if has_level %}{% do out.append('areas.area_id') %}{% endif -%}
        {%- if 'area_name' not in columns %}{% do out.append('areas.area_name') %}{% endif -%}
        {%- do joins.append('left join ' ~ ref('dim_areas') ~ ' as areas on areas.level = '
            ~ area_level ~ ' and areas.area_code = ' ~ relation ~ '.area_code') -%}
    {%- elif c == 'country_code' and 'country_name' not in columns -%}
        {%- do out.append('countries.country_name') -%}
        {%- do joins.append('left join ' ~ ref('dim_countries') ~ ' as countries on countries.year = '
            ~ relation ~ '.year and countries.country_code = ' ~ relation ~ '.country_code') -%}
    {%- elif c == 'partner_code' -%}
        {%- do out.append('partners.country_name as partner_name') -%}
        {%- do joins.append('left join ' ~ ref('dim_countries') ~ ' as partners on partners.year = '
            ~ relation ~ '.year and partners.country_code = ' ~ relation ~ '.partner_code') -%}
    {%- elif c == 'first_partner_code' -%}
        {%- do out.append('first_partners.country_name as first_partner_name') -%}
        {%- do joins.append('left join ' ~ ref('dim_countries') ~ ' as first_partners on first_partners.year = '
            ~ relation ~ '.year and first_partners.country_code = ' ~ relation ~ '.first_partner_code') -%}
    {%- elif c == 'first_product_code' -%}
        {%- do out.append('first_products.product_label as first_product_label') -%}
        {%- do joins.append('left join ' ~ ref('dim_products') ~ " as first_products on first_products.product_level = 'cpf4'"
            ~ ' and first_products.year = ' ~ relation ~ '.year and first_products.product_code = '
            ~ relation ~ '.first_product_code') -%}
    {%- elif c == 'first_supplier_code' -%}
        {%- do out.append('suppliers.country_name as first_supplier_name') -%}
        {%- do joins.append('left join ' ~ ref('dim_countries') ~ ' as suppliers on suppliers.year = '
            ~ relation ~ '.year and suppliers.country_code = ' ~ relation ~ '.first_supplier_code') -%}
    {%- elif c == 'cpf4_code' -%}
        {%- do out.append('cpf4.product_label as cpf4_label') -%}
        {%- do joins.append('left join ' ~ ref('dim_products') ~ " as cpf4 on cpf4.product_level = 'cpf4'"
            ~ ' and cpf4.year = ' ~ relation ~ '.year and cpf4.product_code = ' ~ relation ~ '.cpf4_code') -%}
    {%- elif c == 'a129_code' -%}
        {%- do out.append('a129.product_label as a129_label') -%}
        {%- do joins.append('left join ' ~ ref('dim_products') ~ " as a129 on a129.product_level = 'a129'"
            ~ ' and a129.year = ' ~ relation ~ '.year and a129.product_code = ' ~ relation ~ '.a129_code') -%}
    {%- elif c == 'product_code' and 'product_label' not in columns -%}
        {%- do out.append('products.product_label') -%}
        {%- do joins.append('left join ' ~ ref('dim_products') ~ ' as products on products.product_level = '
            ~ p_level ~ ' and products.year = ' ~ relation ~ '.year and products.product_code = '
            ~ relation ~ '.product_code') -%}
    {%- endif -%}
{%- endfor %}
select
    {{ out | join(',\n    ') }}
from {{ relation }}
{{ joins | join('\n') }}
{% endmacro %}
