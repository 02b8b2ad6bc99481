{{ trade_summed_by("'FR'") }}
