"""Every year a partition: from 2015 (first year in CPF rév. 2.1) to the last complete year."""

from dagster import TimeWindowPartitionsDefinition

from orchestration.settings import FIRST_YEAR

yearly_partitions = TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 1 *", fmt="%Y", start=str(FIRST_YEAR)
)
