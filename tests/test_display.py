"""The compact display of `build`, `demo` and `tariffs`: the child's events, shown; its logs, not
read."""

from __future__ import annotations

import io

from orchestration.display import Display, Reporter, event_line, parse

RUN = "2fb9fac5-a72c-4d07-a261-27c13d40dc58"
DAGSTER = f"2026-11-29 01:40:04 +0000 - dagster - DEBUG - refresh_year - {RUN} - 4242 - "


def _events() -> list[str]:
    """What a child prints for a range's warehouse run whose check failed: its reporter's events,
    among Dagster's and dbt's log lines (which look like events to no one)."""
    out = io.StringIO()
    child = Reporter(events=True, out=out)
    child.starting("2019..2024", "warehouse")
    print(DAGSTER + 'trade_dbt_models - STEP_START - Started execution of step "x".', file=out)
    print("01:38:40  1 of 40 START sql table model staging.stg_customs__trade ...", file=out)
    # a log line that quotes an event is a log line: an event ends its line
    print(DAGSTER + 'trade_dbt_models - @tt {"event": "run_start"} seen', file=out)
    # another thread's `print` wrote its text, not yet its newline, when the event came
    out.write(DAGSTER + "raw_customs_tables - loading")
    child.stage("trade_dbt_models", 17.56)
    out.write("\n")
    child.check("raw_customs_trade_rows", True)
    child.check("marts_top_flows", False)
    child.stage("marts__top_flows_marts_top_flows", 0.1)  # a check's step: not a stage shown
    child.progress("fiches", 20, 120)
    child.progress("fiches", 120, 120)
    child.stage("exports__fiches", 90.5)
    child.finished("2019..2024", "warehouse", False, "x",
                   ["  marts__top_flows_marts_top_flows: 1 rule failed"])  # fmt: skip
    print("territorial-trade build: error: something the user must read", file=out)
    child.say("warehouse: /tmp/w/trade.duckdb")
    return out.getvalue().splitlines()


def _shown(tty: bool) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    display = Display(out=out, err=err, tty=tty)
    for line in _events():
        display.feed(line + "\n")
    display.close()
    return out.getvalue(), err.getvalue()


def test_an_event_is_one_line_read_back_whole():
    line = event_line("stage", step="trade_dbt_models", seconds=17.56)
    assert parse(line) == {"event": "stage", "step": "trade_dbt_models", "seconds": 17.56}
    assert parse(DAGSTER + "STEP_SUCCESS") is None
    assert parse(line[:-5]) is None  # cut short (a full pipe or disk): not an event
    assert parse('@tt ["not", "an", "event"]') is None


def test_an_event_is_written_in_one_call_with_its_newline():
    """So that no other thread's output can fall between an event and its newline (a pipe keeps
    a write of up to 4 096 bytes whole)."""

    writes: list[str] = []

    class Calls(io.StringIO):
        def write(self, text: str) -> int:
            writes.append(text)
            return super().write(text)

    out = Calls()
    Reporter(events=True, out=out).stage("trade_dbt_models", 1.0)
    assert writes == [event_line("stage", step="trade_dbt_models", seconds=1.0) + "\n"]


def test_one_line_per_stage_checks_counted_logs_left_out():
    out, err = _shown(tty=False)
    assert out.splitlines() == [
        "2019..2024 warehouse",
        "       dbt build (models + tests)       17.6 s",
        "       fiches and territory pages       90.5 s",
        "       checks: 1 passed, 1 failed: marts_top_flows",
        "2019..2024 warehouse: FAILED (run x)",
        "  marts__top_flows_marts_top_flows: 1 rule failed",
        "warehouse: /tmp/w/trade.duckdb",
    ]
    assert err == "territorial-trade build: error: something the user must read\n"


def test_progress_bar_on_a_terminal_only():
    out, _ = _shown(tty=True)
    assert "\r       fiches      [#####" in out
    assert "] 120/120" in out
    bar_end = out.index("] 120/120")
    assert out[bar_end:].split("\n", 1)[1].startswith("       fiches and territory pages")


def test_without_a_display_the_child_prints_its_runs_as_text():
    """`--verbose`: no parent reads events; the run lines are text among the live logs."""
    out = io.StringIO()
    child = Reporter(events=False, out=out)
    child.starting("2024", "refresh")
    child.stage("trade_dbt_models", 3.0)
    child.check("marts_top_flows", True)
    child.progress("fiches", 20, 120)
    child.finished("2024", "refresh", False, "x", ["  raw_customs_tables: bad line"])
    child.say("warehouse: /w/trade.duckdb")
    assert out.getvalue().splitlines() == [
        "2024 refresh: building",
        "2024 refresh: FAILED (run x)",
        "  raw_customs_tables: bad line",
        "warehouse: /w/trade.duckdb",
    ]


def test_the_command_s_own_line_is_found_after_an_unfinished_record():
    """A full disk can cut a log record mid-line; the command's last line follows it on the same
    line of the pipe, and is still shown, alone."""
    out, err = io.StringIO(), io.StringIO()
    display = Display(out=out, err=err)
    display.feed("[parameters: ('84', '{\"__class__\":territorial-trade build: error: x\n")
    display.feed("see /opt/territorial-trade build notes\n")
    assert (out.getvalue(), err.getvalue()) == ("", "territorial-trade build: error: x\n")


CHILD = """
import sys, threading
from orchestration.display import Reporter

def noise():
    for i in range(20000):
        print("2026-12-08 dagster - DEBUG - a log line", i, file=sys.stderr)

thread = threading.Thread(target=noise)
thread.start()
reporter = Reporter(events=True)
for i in range(2000):
    reporter.stage("trade_dbt_models", i)
thread.join()
"""


def test_every_event_crosses_a_pipe_shared_with_other_writers():
    """The child's stdout and stderr are one pipe (`stopping.run_stoppable`), written by other
    threads as the events are: every event still reaches the parent whole."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    done = subprocess.run([sys.executable, "-c", CHILD], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, env=env, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:]
    seen = [event["seconds"] for line in done.stdout.splitlines() if (event := parse(line))]
    assert seen == list(range(2000))
