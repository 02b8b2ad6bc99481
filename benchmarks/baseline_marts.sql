-- The floor: the four chart marts computed by one plain DuckDB script, straight from the
-- extracted data files (no staging, no tests, no dims). Used by bench_pipeline.py for the ratio.
-- The DuckDB variables `files` (a list of paths) and `geography` (the seed CSV) are set by the
-- benchmark before the script runs: no path is pasted into the SQL.
CREATE OR REPLACE TABLE geo AS SELECT * FROM read_csv(getvariable('geography'), header = true, all_varchar = true);

CREATE OR REPLACE TABLE annual AS
SELECT t.year::INT AS year, g.department_code, g.region_code,
       CASE t.flow WHEN 'E' THEN 'export' ELSE 'import' END AS flow,
       t.a129_code, t.cpf4_code, t.country_code, sum(t.value_eur::BIGINT) AS value_eur
FROM read_csv(getvariable('files'), delim = ';', header = false, all_varchar = true,
              names = ['flow','quarter','year','dep','region','a129_code','cpf4_code',
                       'country_code','value_eur','mass_kg']) AS t
JOIN geo AS g ON g.customs_department_code = t.dep
GROUP BY ALL;

CREATE OR REPLACE TABLE by_area AS
SELECT 'department' AS level, department_code AS area_code, * EXCLUDE (department_code, region_code) FROM annual
UNION ALL
SELECT 'region', region_code, year, flow, a129_code, cpf4_code, country_code, sum(value_eur) FROM annual GROUP BY ALL
UNION ALL
SELECT 'france', 'FR', year, flow, a129_code, cpf4_code, country_code, sum(value_eur) FROM annual GROUP BY ALL;

CREATE OR REPLACE TABLE trade_totals AS
WITH t AS (
    SELECT year, level, area_code,
           coalesce(sum(value_eur) FILTER (WHERE flow = 'export'), 0) AS export_eur,
           coalesce(sum(value_eur) FILTER (WHERE flow = 'import'), 0) AS import_eur
    FROM by_area GROUP BY ALL)
SELECT t.*, t.export_eur - t.import_eur AS balance_eur,
       t.export_eur / r.export_eur AS export_share_of_region, t.import_eur / r.import_eur AS import_share_of_region,
       t.export_eur / f.export_eur AS export_share_of_france, t.import_eur / f.import_eur AS import_share_of_france
FROM t
LEFT JOIN geo AS g ON t.level = 'department' AND g.department_code = t.area_code
LEFT JOIN t AS r ON r.level = 'region' AND r.area_code = g.region_code AND r.year = t.year
JOIN t AS f ON f.level = 'france' AND f.year = t.year;

CREATE OR REPLACE TABLE partner_balance AS
WITH c AS (
    SELECT year, level, area_code, country_code,
           coalesce(sum(value_eur) FILTER (WHERE flow = 'export'), 0) AS export_eur,
           coalesce(sum(value_eur) FILTER (WHERE flow = 'import'), 0) AS import_eur
    FROM by_area GROUP BY year, level, area_code, country_code)
SELECT *, export_eur - import_eur AS balance_eur, export_eur + import_eur AS trade_eur,
       row_number() OVER (PARTITION BY year, level, area_code ORDER BY export_eur + import_eur DESC, country_code) AS rank
FROM c;

CREATE OR REPLACE TABLE levels AS
SELECT year, level, area_code, flow, 'a129' AS product_level, a129_code AS product_code, country_code, sum(value_eur) AS value_eur FROM by_area GROUP BY ALL
UNION ALL
SELECT year, level, area_code, flow, 'cpf4', cpf4_code, country_code, sum(value_eur) FROM by_area GROUP BY ALL;

CREATE OR REPLACE TABLE product_shares AS
WITH p AS (SELECT year, level, area_code, flow, product_level, product_code, sum(value_eur) AS value_eur FROM levels GROUP BY ALL)
SELECT *, value_eur / sum(value_eur) OVER w AS share_of_flow,
       row_number() OVER (PARTITION BY year, level, area_code, flow, product_level ORDER BY value_eur DESC, product_code) AS rank
FROM p WINDOW w AS (PARTITION BY year, level, area_code, flow, product_level);

CREATE OR REPLACE TABLE top_flows AS
WITH pr AS (SELECT year, level, area_code, flow, product_level, product_code, rank AS product_rank FROM product_shares),
ct AS (
    SELECT year, level, area_code, flow, product_level, country_code, sum(value_eur) AS value_eur
    FROM levels GROUP BY year, level, area_code, flow, product_level, country_code),
cr AS (
    SELECT year, level, area_code, flow, product_level, country_code,
           row_number() OVER (PARTITION BY year, level, area_code, flow, product_level ORDER BY value_eur DESC, country_code) AS country_rank
    FROM ct),
folded AS (
    SELECT l.year, l.level, l.area_code, l.flow, l.product_level,
           CASE WHEN product_rank <= 10 THEN l.product_code ELSE 'AUTRES' END AS product_code,
           least(product_rank, 11) AS product_rank,
           CASE WHEN country_rank <= 10 THEN l.country_code ELSE 'AUTRES' END AS country_code,
           least(country_rank, 11) AS country_rank,
           l.value_eur
    FROM levels AS l JOIN pr USING (year, level, area_code, flow, product_level, product_code)
    JOIN cr USING (year, level, area_code, flow, product_level, country_code)),
agg AS (
    SELECT year, level, area_code, flow, product_level, product_code, product_rank, country_code, country_rank, sum(value_eur) AS value_eur
    FROM folded GROUP BY year, level, area_code, flow, product_level, product_code, product_rank, country_code, country_rank)
SELECT *, CASE WHEN product_code != 'AUTRES' AND country_code != 'AUTRES' THEN
          row_number() OVER (PARTITION BY year, level, area_code, flow, product_level, product_code != 'AUTRES' AND country_code != 'AUTRES'
                             ORDER BY value_eur DESC, product_code, country_code) <= 5 ELSE false END AS is_top_link
FROM agg;
