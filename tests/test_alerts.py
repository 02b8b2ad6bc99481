"""A failed run tells someone: `automation.failure_alert_sensor` writes the alert beside the
warehouse (`status` shows the last one) and posts it to the team's chat webhook, here a local
HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from dagster import DagsterInstance, build_run_status_sensor_context, job, op

from orchestration.alerts import (
    AlertError,
    alert_text,
    format_alert,
    last_alert,
    post_alert,
    record_alert,
)
from orchestration.automation import failure_alert_sensor
from orchestration.resources import WarehouseResource
from orchestration.settings import ConfigError, alert_webhook


class _Hook(BaseHTTPRequestHandler):
    received: list[dict] = []  # noqa: RUF012 (one server per test, reset by `hook`)
    status = 200

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        type(self).received.append(json.loads(self.rfile.read(length)))
        self.send_response(type(self).status)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def hook():
    """A chat's incoming webhook on 127.0.0.1: (its URL, the handler class holding what it got)."""
    _Hook.received, _Hook.status = [], 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hooks/abc", _Hook
    server.shutdown()
    server.server_close()


ALERT = {"at": "2026-10-15T04:12:09+00:00", "run_id": "0c6d9a2e-1111-2222", "job": "refresh_year",
         "partition": "2025", "trigger": "schedule",
         "steps": [["raw_customs_tables", "202510-Regional-2025-export.zip: bad CRC"]],
         "message": "Execution of run for \"refresh_year\" failed."}  # fmt: skip


def test_the_alert_is_kept_beside_the_warehouse_and_status_says_the_last(tmp_path):
    warehouse = tmp_path / "trade.duckdb"
    assert last_alert(warehouse) is None
    record_alert(warehouse, {**ALERT, "run_id": "older"})
    path = record_alert(warehouse, ALERT)
    assert path == tmp_path / "logs" / "alerts.jsonl"
    with path.open("a") as out:
        out.write('{"at": "2026-10-')  # a line cut by a full disk: the one before counts
    assert last_alert(warehouse) == ALERT
    assert format_alert(ALERT) == (
        "last failed run: 2026-10-15T04:12:09+00:00 refresh_year 2025 (schedule), run 0c6d9a2e: "
        "raw_customs_tables: 202510-Regional-2025-export.zip: bad CRC")  # fmt: skip


def test_the_chat_gets_the_alert_in_french(hook):
    url, got = hook
    post_alert(url, alert_text(ALERT))
    assert got.received == [{"text": (
        "territorial-trade : le run 0c6d9a2e du job refresh_year (année 2025) a échoué "
        "(schedule, 2026-10-15T04:12:09+00:00).\n"
        "- raw_customs_tables : 202510-Regional-2025-export.zip: bad CRC")}]  # fmt: skip


def test_an_alert_not_delivered_names_the_webhook_and_why(hook):
    url, got = hook
    got.status = 500
    with pytest.raises(AlertError, match=rf"^alert not delivered to {url}: HTTP 500"):
        post_alert(url, "x")
    with pytest.raises(AlertError, match=r"^alert not delivered to http://127.0.0.1:9/: "):
        post_alert("http://127.0.0.1:9/", "x", timeout=2)  # nothing listens on port 9


def test_a_bad_webhook_setting_is_named(monkeypatch):
    monkeypatch.setenv("TT_ALERT_WEBHOOK", "hooks.example/abc")
    with pytest.raises(ConfigError, match=r"^TT_ALERT_WEBHOOK='hooks.example/abc': expected an"):
        alert_webhook()
    monkeypatch.setenv("TT_ALERT_WEBHOOK", " ")
    assert alert_webhook() is None


@op
def load_the_year():
    raise ValueError("202510-Regional-2025-export.zip: bad CRC\nTraceback ...")


@job(tags={"territorial_trade/trigger": "new-vintage", "dagster/partition": "2025"})
def failing():
    load_the_year()


def test_the_failure_sensor_writes_and_posts_a_failed_run(tmp_path, hook, monkeypatch):
    """A real failed run in an instance, and the sensor evaluated on its failure event."""
    url, got = hook
    monkeypatch.setenv("TT_ALERT_WEBHOOK", url)
    warehouse = tmp_path / "trade.duckdb"
    with DagsterInstance.ephemeral() as instance:
        result = failing.execute_in_process(instance=instance, raise_on_error=False)
        assert not result.success
        run = instance.get_run_by_id(result.run_id)
        with build_run_status_sensor_context(
            sensor_name="failure_alert_sensor", dagster_instance=instance, dagster_run=run,
            dagster_event=result.get_run_failure_event(),
            resources={"warehouse": WarehouseResource(path=str(warehouse))},
        ) as context:  # fmt: skip
            failure_alert_sensor(context.for_run_failure())
    alert = last_alert(warehouse)
    assert alert["run_id"] == result.run_id and alert["job"] == "failing"
    assert alert["partition"] == "2025" and alert["trigger"] == "new-vintage"
    assert alert["steps"] == [["load_the_year", "ValueError: 202510-Regional-2025-export.zip: "
                                                "bad CRC"]]  # fmt: skip
    [posted] = got.received
    assert (
        "a échoué (new-vintage" in posted["text"] and "load_the_year : ValueError" in posted["text"]
    )
