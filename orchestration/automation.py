"""Yearly refresh: the autumn schedule, the sensor watching for a new vintage, and the sensor
that alerts on a failed run (`alerts.py`).

All three are off by default (tests, demo); `TT_AUTOMATION=on` turns them on, as in the
documented production setup. `TT_SCHEDULE_CRON` sets the schedule (default: 15 October, 06:00,
Paris time); `TT_SENSOR_INTERVAL_SECONDS` how often the listing is polled (default: daily);
`TT_ALERT_WEBHOOK` where a failed run's alert is posted.
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
from dagster import (
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunFailureSensorContext,
    RunRequest,
    ScheduleEvaluationContext,
    SensorEvaluationContext,
    SkipReason,
    run_failure_sensor,
    schedule,
    sensor,
)

from orchestration.alerts import alert_text, post_alert, record_alert
from orchestration.errors import failure_line, step_failure
from orchestration.ingest.download import DownloadError, fetch_text
from orchestration.ingest.listing import ArchiveLink, ListingError, crawl_listing, newest_release
from orchestration.ingest.register import promoted_vintage
from orchestration.jobs import JOBS, refresh_year
from orchestration.resources import CustomsSourceResource, WarehouseResource
from orchestration.settings import alert_webhook, automation_on, schedule_cron, sensor_interval
from orchestration.warehouse import WarehouseError

SCHEDULE_CRON = schedule_cron()  # a bad setting: one line naming it (ConfigError)
SENSOR_INTERVAL = sensor_interval()
AUTOMATION_ON = automation_on()


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
            lambda url: fetch_text(url, timeout=options.timeout, retries=1,
                                   backoff=options.backoff, deadline_seconds=options.deadline),
            deadline_seconds=options.deadline,
        )  # fmt: skip
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


def alert_of(context: RunFailureSensorContext) -> dict:
    """What is said about a failed run: its job, partition, trigger and failed steps."""
    run = context.dagster_run
    steps = []
    for event in context.get_step_failure_events():
        if (error := event.step_failure_data.error) is not None:
            step, cls, message = step_failure(event.step_key, error)
            steps.append((step, failure_line(cls, message)))
    return {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "run_id": run.run_id,
        "job": run.job_name,
        "partition": run.tags.get("dagster/partition"),
        "trigger": run.tags.get("territorial_trade/trigger", "manual"),
        "steps": steps,
        "message": context.failure_event.message or "",
    }


@run_failure_sensor(
    monitored_jobs=JOBS,
    default_status=DefaultSensorStatus.RUNNING if AUTOMATION_ON else DefaultSensorStatus.STOPPED,
    description="Each failed run of the project's jobs: a line in logs/alerts.jsonl beside the "
    "warehouse (shown by `status`) and, with TT_ALERT_WEBHOOK, a message to the team's chat.",
)
def failure_alert_sensor(context: RunFailureSensorContext, warehouse: WarehouseResource) -> None:
    alert = alert_of(context)
    path = record_alert(warehouse.db_path, alert)
    context.log.info(f"alert written to {path}")
    url = alert_webhook()
    if url:
        post_alert(url, alert_text(alert))
