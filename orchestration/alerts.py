"""Alerts: a run of the project's jobs that fails tells someone.

Under the daemon (`dagster-daemon`, the deployment), `automation.failure_alert_sensor` sees every
failed run of the jobs of `jobs.py` (the schedule's, the sensor's, a backfill's, one launched
from the UI) and, for each, with the helpers here:

- appends one line of JSON to `<warehouse folder>/logs/alerts.jsonl` (when, the run, its job,
  partition and trigger, the failed steps and their messages): `territorial-trade status`
  shows the last one;
- when `TT_ALERT_WEBHOOK` is set, posts `{"text": ...}` to it (a team chat's incoming webhook).
  A post that fails fails the sensor's tick, which the UI shows; the line is written first.

Off by default like the schedule and the sensor: `TT_AUTOMATION=on` turns it on. No Dagster
here: `status` reads the last alert without importing it.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

ALERTS_FILE = Path("logs") / "alerts.jsonl"  # beside the warehouse file


class AlertError(RuntimeError):
    """The alert could not be delivered; the message names the webhook and why."""


def format_alert(alert: dict) -> str:
    """The last alert as `status` shows it, one line."""
    where = f" {alert['partition']}" if alert.get("partition") else ""
    steps = "; ".join(f"{step}: {message}" for step, message in alert["steps"])
    return (f"last failed run: {alert['at']} {alert['job']}{where} ({alert['trigger']}), run "
            f"{alert['run_id'][:8]}: {steps or alert['message']}")  # fmt: skip


def alert_text(alert: dict) -> str:
    """The alert as a chat message, in French like everything a user reads."""
    where = f" (année {alert['partition']})" if alert.get("partition") else ""
    lines = [f"territorial-trade : le run {alert['run_id'][:8]} du job {alert['job']}{where} "
             f"a échoué ({alert['trigger']}, {alert['at']})."]  # fmt: skip
    lines += [f"- {step} : {message}" for step, message in alert["steps"]]
    if not alert["steps"]:
        lines.append(f"- {alert['message']}")
    return "\n".join(lines)


def record_alert(warehouse: Path, alert: dict) -> Path:
    """Append `alert` as one JSON line to the warehouse's alert file (one `write` call: lines
    from two processes never interleave)."""
    path = warehouse.parent / ALERTS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(alert, ensure_ascii=False) + "\n"
    with path.open("a", encoding="utf-8") as out:
        out.write(line)
    return path


def last_alert(warehouse: Path) -> dict | None:
    """The last alert written beside the warehouse, or None."""
    path = warehouse.parent / ALERTS_FILE
    if not path.exists():
        return None
    for line in reversed(path.read_text(encoding="utf-8").splitlines()):
        try:
            return json.loads(line)
        except ValueError:  # a line cut by a full disk: the one before
            continue
    return None


def post_alert(url: str, text: str, timeout: float = 10.0) -> None:
    """POST `{"text": text}` to the webhook `url`; AlertError naming it unless it answers 2xx."""
    body = json.dumps({"text": text}, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read(64 * 1024)
    except urllib.error.HTTPError as exc:
        raise AlertError(f"alert not delivered to {url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise AlertError(f"alert not delivered to {url}: {reason}") from exc
