{#- The 26 member states of the EU-27 other than France, as customs country codes (Greece is GR
    in the customs' nomenclature). `area_indicators.eu27_share` and `import_dependence` use the
    same list. -#}
{% macro eu27_codes() %}
    {{ return(['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'GR', 'HR', 'HU', 'IE',
               'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK']) }}
{% endmacro %}
