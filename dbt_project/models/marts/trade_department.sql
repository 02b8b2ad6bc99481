{{ trade_summed_by('department_code') }}
