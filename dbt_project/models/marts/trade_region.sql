{{ trade_summed_by('region_code') }}
