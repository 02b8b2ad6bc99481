"""The compact display of `build` and `demo`: what each printed line becomes on the terminal."""

from __future__ import annotations

import io

from orchestration.display import Display, classify

RUN = "2fb9fac5-a72c-4d07-a261-27c13d40dc58"
PREFIX = f"2026-11-29 01:40:04 +0000 - dagster - DEBUG - __ephemeral_asset_job__ - {RUN} - 4242 - "
INFO = f"2026-11-29 01:40:04 +0000 - dagster - INFO - __ephemeral_asset_job__ - {RUN} - "
LINES = [
    "2019..2024 warehouse: building",
    PREFIX + 'trade_dbt_models - STEP_START - Started execution of step "trade_dbt_models".',
    "01:38:40  1 of 40 START sql table model staging.stg_customs__trade ....... [RUN]",
    PREFIX + 'trade_dbt_models - STEP_SUCCESS - Finished execution of step "trade_dbt_models" '
    "in 17.56s.",
    PREFIX + "raw_customs_tables - ASSET_CHECK_EVALUATION - Asset check 'raw_customs_trade_rows' "
    "on 'raw/customs_trade' passed. Description: 'Every line'",
    PREFIX + "marts__top_flows_marts_top_flows - ASSET_CHECK_EVALUATION - Asset check "
    "'marts_top_flows' on 'marts/top_flows' failed. Description: 'Top-N flows'",
    PREFIX + "marts__top_flows_marts_top_flows - STEP_SUCCESS - Finished execution of step "
    '"marts__top_flows_marts_top_flows" in 105ms.',
    INFO + "exports__fiches - fiches 20/120",
    INFO + "exports__fiches - fiches 120/120",
    PREFIX + 'exports__fiches - STEP_SUCCESS - Finished execution of step "exports__fiches" '
    "in 1m30.5s.",
    "2019..2024 warehouse: FAILED (run x)",
    "  marts__top_flows_marts_top_flows: 1 rule failed",
    "territorial-trade build: error: something the user must read",
    "warehouse: /tmp/w/trade.duckdb",
]


def test_each_line_is_classified():
    kinds = [classify(line).kind for line in LINES]
    assert kinds == ["ours", "other", "other", "stage", "check", "check", "other", "progress",
                     "progress", "stage", "ours", "ours", "error", "ours"]  # fmt: skip
    assert classify(LINES[3]).seconds == 17.56
    assert classify(LINES[9]).seconds == 90.5
    assert classify(LINES[6]).kind == "other"  # a check's step: not a stage
    assert classify(LINES[5]).passed is False
    assert classify(LINES[8]).done == 120 and classify(LINES[8]).total == 120


def _shown(tty: bool) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    display = Display(out=out, err=err, tty=tty)
    for line in LINES:
        display.feed(line + "\n")
    display.close()
    return out.getvalue(), err.getvalue()


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


def test_durations_as_dagster_writes_them():
    from orchestration.display import _seconds

    assert [_seconds(d) for d in ["289ms", "5.16s", "1m0s", "2m", "1h3m", "1m30.5s"]] == [
        0.289,
        5.16,
        60.0,
        120.0,
        3780.0,
        90.5,
    ]


def test_a_stage_whose_success_line_was_lost_is_shown_from_its_lines():
    """The console relay can lose a run's last STEP_SUCCESS line: when the run reports success,
    the stage is shown from its first and last lines (whole seconds)."""
    at = "2026-11-29 01:40:{:02d} +0000 - dagster - DEBUG - __ephemeral_asset_job__ - " + RUN
    lines = [
        "2024 exports: building",
        at.format(4) + ' - 4242 - exports__fiches - STEP_START - Started execution of step "f".',
        at.format(9) + " - exports__fiches - fiches 120/120",
        at.format(11) + " - 4242 - exports__fiches - ASSET_MATERIALIZATION - Materialized value",
        at.format(11) + " - 4242 - RUN_SUCCESS - Finished execution of run.",
        "2024 exports: ok (run x)",
    ]
    out = io.StringIO()
    display = Display(out=out, err=io.StringIO(), tty=False)
    for line in lines:
        display.feed(line + "\n")
    assert out.getvalue().splitlines() == [
        "2024 exports",
        f"       {'fiches and territory pages':<30} {7.0:6.1f} s",
        "2024 exports: ok (run x)",
    ]


def test_the_command_s_own_line_is_found_after_an_unfinished_record():
    """A full disk can cut a log record mid-line; the command's last line follows it on the same
    line of the pipe, and is still shown, alone."""
    line = classify("[parameters: ('84', '{\"__class__\":territorial-trade build: error: x\n")
    assert (line.kind, line.text) == ("error", "territorial-trade build: error: x")
    assert classify("see /opt/territorial-trade build notes\n").kind == "other"
