"""Yearly refresh: the job, the autumn schedule, and the sensor watching for a new vintage.

Both are off by default (tests, demo); `TT_AUTOMATION=on` turns them on, as in the documented
production setup. `TT_SCHEDULE_CRON` sets the schedule (default: 15 October, 06:00, Paris time);
`TT_SENSOR_INTERVAL_SECONDS` how often the listing is polled (default: daily).
"""

from __future__ import annotations

import os
from datetime import datetime

import duckdb
from dagster import (
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    ScheduleEvaluationContext,
    SensorEvaluationContext,
    SkipReason,
    schedule,
    sensor,
)

from orchestration.ingest.download import DownloadError, fetch_text
from orchestration.ingest.listing import ArchiveLink, ListingError, crawl_listing, newest_release
from orchestration.ingest.register import promoted_vintage
from orchestration.jobs import refresh_year
from orchestration.resources import CustomsSourceResource, WarehouseResource
from orchestration.settings import schedule_cron, sensor_interval
from orchestration.warehouse import WarehouseError

SCHEDULE_CRON = schedule_cron()  # a bad setting: one line naming it (ConfigError)
SENSOR_INTERVAL = sensor_interval()
AUTOMATION_ON = os.environ.get("TT_AUTOMATION", "off").lower() in ("on", "1", "true", "yes")


@schedule(
    job=refresh_year,
    cron_schedule=SCHEDULE_CRON,
    execution_timezone="Europe/Paris",
    default_status=DefaultScheduleStatus.RUNNING
    if AUTOMATION_ON
    else DefaultScheduleStatus.STOPPED,
    description="Once a year (default 15 October): refresh the previous year's partition.",
)
def yearly_refresh_schedule(context: ScheduleEvaluationContext) -> RunRequest:
    year = context.scheduled_execution_time.year - 1
    return RunRequest(run_key=f"scheduled-{year}", partition_key=str(year),
                      tags={"territorial_trade/trigger": "schedule"})  # fmt: skip


def latest_published(links: list[ArchiveLink]) -> tuple[int, str] | None:
    """The latest year whose newest release has both archives listed, and that release."""
    by_year: dict[int, list[ArchiveLink]] = {}
    for link in links:
        by_year.setdefault(link.year, []).append(link)
    for year in sorted(by_year, reverse=True):
        vintage, chosen = newest_release(by_year[year])
        if {"export", "import"} <= chosen.keys():
            return year, vintage
    return None


@sensor(
    job=refresh_year,
    minimum_interval_seconds=SENSOR_INTERVAL,
    default_status=DefaultSensorStatus.RUNNING if AUTOMATION_ON else DefaultSensorStatus.STOPPED,
    description=(
        "Polls the customs open-data listing; starts a run when a new vintage of the latest year "
        "appears (compared with the vintage recorded in the warehouse)."
    ),
)
def new_vintage_sensor(
    context: SensorEvaluationContext,
    customs_source: CustomsSourceResource,
    warehouse: WarehouseResource,
):
    options = customs_source.fetch_options()
    try:
        links = crawl_listing(
            options.listing_url,
            lambda url: fetch_text(
                url, timeout=options.timeout, retries=1, backoff=options.backoff
            ),
        )
    except (DownloadError, ListingError, OSError) as exc:
        return SkipReason(f"customs listing unreachable ({options.listing_url}): {exc}")
    latest = latest_published(links)
    if latest is None:
        return SkipReason(f"no annual regional archive listed on {options.listing_url}")
    year, vintage = latest
    try:
        known = promoted_vintage(warehouse.db_path, year)
    except (duckdb.Error, WarehouseError) as exc:  # a build holds it: try at the next tick
        return SkipReason(f"warehouse busy, vintage not compared: {exc}")
    if known == vintage:
        return SkipReason(f"{year}: vintage {vintage} already loaded")
    context.log.info(f"{year}: new vintage {vintage} (warehouse has {known})")
    return RunRequest(
        run_key=f"{year}-{vintage}",
        partition_key=str(year),
        tags={"territorial_trade/trigger": "new-vintage", "territorial_trade/vintage": vintage,
              "territorial_trade/checked_at": datetime.now().isoformat(timespec="seconds")},
    )  # fmt: skip
