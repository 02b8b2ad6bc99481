-- Exactly min(top_links, number of named links) links are highlighted per area, flow and level.
select year, level, area_code, flow, product_level,
    count(*) filter (where is_top_link) as highlighted,
    count(*) filter (where product_code != 'AUTRES' and country_code != 'AUTRES') as named_links
from {{ ref('top_flows') }}
group by all
having count(*) filter (where is_top_link)
    != least({{ var('top_links') }},
             count(*) filter (where product_code != 'AUTRES' and country_code != 'AUTRES'))
