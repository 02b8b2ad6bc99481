"""What `build`, `demo` and `tariffs` show on the terminal: one line per run and per stage with
its duration, the checks counted, a progress bar while the pages render.

The build runs in a child process (`stopping.py`). The child reports what happens as events, one
JSON object per line after `@tt ` (`Reporter`): the start and end of each Dagster run, and, from
the instance's structured events of the run (`launch.relay`), each stage's step succeeding with
its duration and each check evaluated; the page rendering adds its progress. The parent's
`Display` reads those events only: Dagster's and dbt's logs, also in the child's output, go to the
log file and are never parsed. Without the compact display (`--verbose`), the child prints the
run lines as text and the logs live.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

PREFIX = "@tt "
_DECODER = json.JSONDecoder()
# set by the parent in the child's environment when it shows the compact display
EVENTS_ENV = "TT_DISPLAY_EVENTS"
# the command's own last line (`cli.main`); it may land after a line another writer left
# unfinished (a log record cut by a full disk), so it is looked for anywhere in the line
_OWN_ERROR = re.compile(r"territorial-trade [a-z-]+: (?:error: |interrupted)")

# The stages a user follows, by Dagster step key, in the order they run
STAGES = {
    "raw__customs_archives": "source archives",
    "raw__territoires_industrie": "Territoires d'industrie list",
    "raw__tariff_scenarios": "tariff scenarios",
    "raw_customs_tables": "load + raw checks",
    "trade_dbt_models": "dbt build (models + tests)",
    "exports__chart_datasets": "chart datasets",
    "publication__published_marts": "published for BI",
    "publication__dbt_docs": "dbt docs",
    "exports__fiches": "fiches and territory pages",
}


def event_line(kind: str, **fields: Any) -> str:
    """One event as the child prints it."""
    return PREFIX + json.dumps({"event": kind, **fields}, ensure_ascii=False)


def parse(line: str) -> dict | None:
    """The event of a line the child printed, or None for any other line (a log line).

    An event ends its line but may not start it: another thread of the child (a `print` writes
    its text and its newline in two calls) may have left its line unfinished when the event was
    written, in one call with its newline (`Reporter`). Text after it is a log line quoting one.
    """
    start = line.rfind(PREFIX)
    if start < 0:
        return None
    try:
        event, end = _DECODER.raw_decode(line, start + len(PREFIX))
    except ValueError:  # a line cut short (a full pipe or disk): not an event
        return None
    if line[end:].strip():
        return None
    return event if isinstance(event, dict) and "event" in event else None


def events_on() -> bool:
    """Whether this process reports events for a parent's display."""
    return os.environ.get(EVENTS_ENV) == "1"


@dataclass
class Reporter:
    """The child's side: each thing the display shows, as an event line (`events`) or, for a
    terminal of its own, as the run lines in text."""

    events: bool = field(default_factory=events_on)
    out: TextIO = field(default_factory=lambda: sys.stdout)

    def _emit(self, kind: str, shown: str | None = None, **fields: Any) -> None:
        """The event `kind` with `fields`, or, as text, `shown` (None: nothing)."""
        line = event_line(kind, **fields) if self.events else shown
        if line is not None:  # one write, line and newline (a pipe keeps it whole)
            self.out.write(line + "\n")
            self.out.flush()

    def starting(self, years: str, stage: str) -> None:
        self._emit("run_start", f"{years} {stage}: building", years=years, stage=stage)

    def stage(self, step: str, seconds: float) -> None:
        self._emit("stage", step=step, seconds=seconds)

    def check(self, name: str, passed: bool) -> None:
        self._emit("check", name=name, passed=passed)

    def progress(self, what: str, done: int, total: int) -> None:
        self._emit("progress", what=what, done=done, total=total)

    def finished(self, years: str, stage: str, ok: bool, run_id: str,
                 errors: list[str]) -> None:  # fmt: skip
        """A run's end: ok or FAILED, with one line per failed step."""
        state = "ok" if ok else "FAILED"
        text = "\n".join([f"{years} {stage}: {state} (run {run_id})", *errors])
        self._emit("run_end", text, years=years, stage=stage, ok=ok, run_id=run_id,
                   errors=errors)  # fmt: skip

    def say(self, text: str) -> None:
        self._emit("say", text, text=text)


def page_progress(log: Callable[[str], None]) -> Callable[[str, int, int], None]:
    """The progress of the page rendering: `label done/total` in the run's log and, under a
    parent's display, as an event."""
    reporter = Reporter() if events_on() else None

    def progress(what: str, done: int, total: int) -> None:
        log(f"{what} {done}/{total}")
        if reporter is not None:
            reporter.progress(what, done, total)

    return progress


@dataclass
class Display:
    """The parent's side: the child's events shown compactly."""

    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    tty: bool = False
    passed: int = 0
    failed: list[str] = field(default_factory=list)
    _bar: bool = False

    def feed(self, raw: str) -> None:
        line = raw.rstrip("\n")
        event = parse(line)
        if event is None:
            if own := _OWN_ERROR.search(line):
                self._end_bar()
                print(line[own.start() :], file=self.err, flush=True)
            return
        kind = event["event"]
        if kind == "progress":
            self._progress(event)
            return
        self._end_bar()
        if kind == "run_start":
            self.passed, self.failed = 0, []
            self._print(f"{event['years']} {event['stage']}")
        elif kind == "stage" and event.get("step") in STAGES:
            self._print(f"       {STAGES[event['step']]:<30} {float(event['seconds']):6.1f} s")
        elif kind == "check":
            if event.get("passed"):
                self.passed += 1
            else:
                self.failed.append(str(event.get("name")))
        elif kind == "run_end":
            if self.passed or self.failed:
                failed = ", ".join(self.failed)
                failed = f", {len(self.failed)} failed: {failed}" if self.failed else ""
                self._print(f"       checks: {self.passed} passed{failed}")
            state = "ok" if event.get("ok") else "FAILED"
            self._print(f"{event['years']} {event['stage']}: {state} (run {event['run_id']})")
            for error in event.get("errors", []):
                self._print(error)
        elif kind == "say":
            self._print(str(event.get("text", "")))

    def _progress(self, event: dict) -> None:
        if not self.tty:
            return
        done, total = int(event["done"]), int(event["total"])
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "." * (width - filled)
        self.out.write(f"\r       {event['what']:<11} [{bar}] {done}/{total}   ")
        self.out.flush()
        self._bar = True

    def close(self) -> None:
        self._end_bar()

    def _print(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def _end_bar(self) -> None:
        if self._bar:
            self.out.write("\n")
            self._bar = False
