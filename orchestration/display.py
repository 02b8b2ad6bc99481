"""What `build` and `demo` show on the terminal: one line per stage with its duration, the checks
counted, a progress bar while the pages render; everything (Dagster's and dbt's logs included)
goes to a log file beside the warehouse.

`Display.feed` gets each line the build prints, in order; `classify` is the pure part.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from datetime import datetime
from typing import TextIO

_DAGSTER = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4} - dagster - [A-Z]+ - \S+ - [0-9a-f-]{36} - "
    r"(?:\d+ - )?(?:(?P<step>\w+) - )?(?P<rest>.*)$"
)
_STEP_DONE = re.compile(r'^STEP_SUCCESS - Finished execution of step "(\w+)" in ([\dhms.]+?)\.?$')
_DURATION = re.compile(r"(?:(\d+)h)?(?:(\d+)m(?!s))?(?:([\d.]+)(ms|s))?$")
_CHECK = re.compile(r"^ASSET_CHECK_EVALUATION - Asset check '(\w+)' on '[^']+' (passed|failed)")
# the command's own last line; it may land after a line another writer left unfinished (a log
# record cut by a full disk), so it is looked for anywhere in the line
_OWN_ERROR = re.compile(r"territorial-trade [a-z-]+: (?:error: |interrupted)")
_PROGRESS = re.compile(r"^(fiches|territoires) (\d+)/(\d+)$")
_YEARS = r"\d{4}(?:\.\.\d{4})?"  # a year, or a range of years: 2019..2024
_YEAR_DONE = re.compile(rf"^{_YEARS}( \w+)?: (ok|FAILED)")
_OURS = re.compile(rf"^({_YEARS}( \w+)?: (building|ok|FAILED)|warehouse: |  \S+: )")

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


@dataclass(frozen=True)
class Line:
    kind: str  # "ours" | "error" | "stage" | "check" | "progress" | "other"
    text: str = ""
    seconds: float = 0.0
    passed: bool = True
    done: int = 0
    total: int = 0


def classify(line: str) -> Line:
    """What one printed line of a build means for the display."""
    line = line.rstrip("\n")
    if line.startswith("territorial-trade"):
        return Line("error", line)
    if own := _OWN_ERROR.search(line):
        return Line("error", line[own.start() :])
    if _OURS.match(line):
        return Line("ours", line)
    m = _DAGSTER.match(line)
    if not m:
        return Line("other", line)
    rest = m["rest"]
    if done := _STEP_DONE.match(rest):
        step, duration = done.groups()
        seconds = _seconds(duration)
        if step in STAGES:
            return Line("stage", STAGES[step], seconds=seconds)
        return Line("other", line)
    if check := _CHECK.match(rest):
        return Line("check", check[1], passed=check[2] == "passed")
    if progress := _PROGRESS.match(rest):
        return Line("progress", progress[1], done=int(progress[2]), total=int(progress[3]))
    return Line("other", line)


def _seconds(duration: str) -> float:
    """Dagster's step durations: "289ms", "5.16s", "1m0s", "2m", "1h3m"."""
    m = _DURATION.match(duration)
    if not m:
        return 0.0
    hours, minutes, amount, unit = m.groups()
    seconds = float(amount or 0) * (0.001 if unit == "ms" else 1.0)
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + seconds


@dataclass
class Display:
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    tty: bool = False
    passed: int = 0
    failed: list[str] = field(default_factory=list)
    _bar: bool = False
    # stage steps started and not yet reported finished: step -> (start, last line seen), in
    # seconds: the console relay can lose a run's last STEP_SUCCESS line, and the stage is then
    # shown from its first and last lines when the run reports success
    _open: dict[str, list[float]] = field(default_factory=dict)

    def _track(self, raw: str) -> None:
        m = _DAGSTER.match(raw.rstrip("\n"))
        if not m or m["step"] not in STAGES:
            return
        try:
            stamp = datetime.strptime(raw[:25], "%Y-%m-%d %H:%M:%S %z").timestamp()
        except ValueError:
            return
        if m["rest"].startswith("STEP_START"):
            self._open[m["step"]] = [stamp, stamp]
        elif m["rest"].startswith("STEP_SUCCESS"):
            self._open.pop(m["step"], None)
        elif m["step"] in self._open:
            self._open[m["step"]][1] = stamp

    def feed(self, raw: str) -> None:
        self._track(raw)
        line = classify(raw)
        if line.kind == "progress":
            if self.tty:
                width = 30
                filled = width * line.done // max(line.total, 1)
                bar = "#" * filled + "." * (width - filled)
                self.out.write(f"\r       {line.text:<11} [{bar}] {line.done}/{line.total}   ")
                self.out.flush()
                self._bar = True
            return
        if line.kind in ("other",):
            return
        self._end_bar()
        if line.kind == "check":
            if line.passed:
                self.passed += 1
            else:
                self.failed.append(line.text)
        elif line.kind == "stage":
            self._print(f"       {line.text:<30} {line.seconds:6.1f} s")
        elif line.kind == "error":
            print(line.text, file=self.err, flush=True)
        elif line.text.endswith(": building"):
            self.passed, self.failed = 0, []
            self._print(line.text.replace(": building", ""))
        else:
            if (done := _YEAR_DONE.match(line.text)) and done[2] == "ok":
                for step, (start, last) in self._open.items():  # their success line was lost
                    self._print(f"       {STAGES[step]:<30} {last - start:6.1f} s")
            if _YEAR_DONE.match(line.text):
                self._open.clear()
                failed = (
                    f", {len(self.failed)} failed: {', '.join(self.failed)}" if self.failed else ""
                )
                if self.passed or self.failed:
                    self._print(f"       checks: {self.passed} passed{failed}")
            self._print(line.text)

    def close(self) -> None:
        self._end_bar()

    def _print(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def _end_bar(self) -> None:
        if self._bar:
            self.out.write("\n")
            self._bar = False
