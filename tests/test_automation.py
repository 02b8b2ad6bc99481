"""The yearly schedule and the new-vintage sensor, evaluated with Dagster's test helpers."""

from __future__ import annotations

import shutil
from datetime import datetime

import duckdb
from dagster import RunRequest, SkipReason, build_schedule_context, build_sensor_context

from orchestration.automation import (
    latest_published,
    new_vintage_sensor,
    yearly_refresh_schedule,
)
from orchestration.definitions import defs
from orchestration.ingest.listing import parse_archive_link
from orchestration.resources import CustomsSourceResource, WarehouseResource
from tests.helpers import Answer, ScriptedServer


def test_schedule_requests_the_previous_year():
    context = build_schedule_context(scheduled_execution_time=datetime(2026, 10, 15, 6, 0))
    request = yearly_refresh_schedule(context)
    assert isinstance(request, RunRequest)
    assert request.partition_key == "2025"


def test_schedule_and_sensor_are_off_by_default():
    assert defs.resolve_schedule_def("yearly_refresh_schedule").default_status.value == "STOPPED"
    assert defs.resolve_sensor_def("new_vintage_sensor").default_status.value == "STOPPED"


def test_latest_published_needs_both_flows_of_one_release():
    """2025 has only an export; 2024's newest release (202511) has only an export too, and a
    year is never built from two releases (the build would refuse it): the latest year that can
    be refreshed is 2023. Once 202511's import is listed, 2024 at 202511."""
    names = ["202408-Regional-2023-export.zip", "202408-Regional-2023-import.zip",
             "202508-Regional-2024-export.zip", "202508-Regional-2024-import.zip",
             "202511-Regional-2024-export.zip", "202602-Regional-2025-export.zip"]  # fmt: skip
    links = [parse_archive_link(f"/f/{name}") for name in names]
    assert latest_published(links) == (2023, "202408")
    links.append(parse_archive_link("/f/202511-Regional-2024-import.zip"))
    assert latest_published(links) == (2024, "202511")


def evaluate(listing_url: str, warehouse) -> RunRequest | SkipReason:
    resources = {
        "customs_source": CustomsSourceResource(listing_url=listing_url, retries=0,
                                                backoff_seconds=0.01, timeout_seconds=5),
        "warehouse": WarehouseResource(path=str(warehouse)),
    }  # fmt: skip
    with build_sensor_context(resources=resources) as context:
        result = new_vintage_sensor(context)
    return result


def listing(server: ScriptedServer, vintage: str) -> str:
    page = (f'<a href="/f/{vintage}-Regional-2024-export.zip">e</a>'
            f'<a href="/f/{vintage}-Regional-2024-import.zip">i</a>'
            '<a href="/f/202408-Regional-2023-export.zip">e</a>'
            '<a href="/f/202408-Regional-2023-import.zip">i</a>')  # fmt: skip
    return server.route("/opendata", Answer(body=page.encode(), content_type="text/html"))


def test_sensor_new_vintage_requests_a_run_for_that_year(hand_built, tmp_path):
    warehouse = tmp_path / "trade.duckdb"
    shutil.copyfile(hand_built, warehouse)  # holds 2024 with vintage 202501
    with ScriptedServer() as server:
        result = evaluate(listing(server, "202509"), warehouse)
    assert isinstance(result, RunRequest)
    assert result.partition_key == "2024"
    assert result.run_key == "2024-202509"


def test_sensor_same_vintage_skips(hand_built, tmp_path):
    warehouse = tmp_path / "trade.duckdb"
    shutil.copyfile(hand_built, warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT DISTINCT vintage FROM raw.customs_loads").fetchall() == [
            ("202501",)
        ]
    with ScriptedServer() as server:
        result = evaluate(listing(server, "202501"), warehouse)
    assert isinstance(result, SkipReason)
    assert "vintage 202501 already loaded" in result.skip_message


def test_sensor_unreachable_listing_skips_with_a_reason(tmp_path):
    with ScriptedServer() as server:
        url = server.route("/down", Answer(status=503, body=b"maintenance"))
        result = evaluate(url, tmp_path / "none.duckdb")
    assert isinstance(result, SkipReason)
    assert "customs listing unreachable" in result.skip_message
    assert "HTTP 503" in result.skip_message or "503" in result.skip_message
    # nothing listening at all
    result = evaluate("http://127.0.0.1:9/opendata", tmp_path / "none.duckdb")
    assert isinstance(result, SkipReason) and "unreachable" in result.skip_message
