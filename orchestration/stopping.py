"""Stopping a build on request: Ctrl-C or SIGTERM stops it within seconds, whatever it is doing.

The build runs in a child process (its own process group: Dagster, dbt, the rendering pool). The
parent holds the warehouse lock and relays a stop request as SIGINT, which Dagster turns into an
interrupted run; if the child is still there after a grace period (an interrupt can be lost, e.g.
inside dagster-dbt's log parsing), the whole group is killed and its runs are marked failed in
the Dagster instance. The child kills its own group if the parent dies (`watch_parent`).
Killing is safe by design: a year is promoted in one transaction, the
publication switches by one rename, and every file is written atomically (see
`docs/reliability.md`).
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

GRACE_SECONDS = 4.0


def _kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _fail_orphan_runs(dagster_home: Path, child_pid: int,
                      reason: str = "stopped on request (Ctrl-C or SIGTERM)") -> int:  # fmt: skip
    """Mark the runs the killed child left STARTED as failed, so the UI does not show them
    running forever."""
    from dagster import DagsterInstance, DagsterRunStatus, RunsFilter

    with DagsterInstance.from_config(str(dagster_home)) as instance:
        runs = instance.get_runs(RunsFilter(
            statuses=[DagsterRunStatus.STARTED, DagsterRunStatus.STARTING],
            tags={"territorial_trade/pid": str(child_pid)},
        ))  # fmt: skip
        for run in runs:
            instance.report_run_failed(run, message=reason)
    return len(runs)


def watch_parent(poll: float = 0.2) -> threading.Thread:
    """In the child: if the parent dies (even by SIGKILL), kill the child's whole process group
    (Dagster, dbt, the rendering pool), so that a killed build never leaves an orphan writing the
    warehouse or holding its file lock."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll)
        os.killpg(os.getpgrp(), signal.SIGKILL)

    thread = threading.Thread(target=watch, name="watch-parent", daemon=True)
    thread.start()
    return thread


def run_stoppable(argv: list[str], dagster_home: Path, lock_fd: int | None = None,
                  log: Path | None = None) -> int:  # fmt: skip
    """Run `territorial-trade <argv>` in a child process group; relay Ctrl-C and SIGTERM.

    `lock_fd` (the warehouse lock) is shared with the child, and named to it in
    `INHERITED_LOCK_ENV` so that its Dagster runs use it rather than take the lock again
    (`warehouse.run_lock`): the lock is released only when both are gone. With `log`,
    everything the child prints goes to that file and the terminal shows the compact display
    (`orchestration.display`); without, the child prints to the terminal.
    """
    from orchestration.display import EVENTS_ENV
    from orchestration.warehouse import INHERITED_LOCK_ENV

    # with the compact display, the child reports events for it (`display.Reporter`)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", EVENTS_ENV: "1"} if log else {**os.environ}
    env.pop(INHERITED_LOCK_ENV, None)
    if not log:
        env.pop(EVENTS_ENV, None)
    if lock_fd is not None:
        env[INHERITED_LOCK_ENV] = str(lock_fd)
    requested: list[int] = []
    started: list[subprocess.Popen] = []

    def on_signal(signum, frame):
        requested.append(signum)
        if started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(started[0].pid, signal.SIGINT)  # Dagster: interrupt the run; dbt: stop

    # set before the child starts, so that no signal falls between its start and the relay
    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "orchestration.cli", *argv],
            start_new_session=True,
            pass_fds=(lock_fd,) if lock_fd is not None else (),
            stdout=subprocess.PIPE if log else None,
            stderr=subprocess.STDOUT if log else None,
            env=env,
        )
    except BaseException:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        raise
    started.append(proc)
    if requested:  # asked to stop while the child was starting
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGINT)
    reader = _follow(proc, log) if log else None
    try:
        while proc.poll() is None and not requested:
            time.sleep(0.1)
        if requested:
            deadline = time.monotonic() + GRACE_SECONDS
            while proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
            if proc.poll() is None:
                _kill_group(proc)
                _fail_orphan_runs(dagster_home, proc.pid)
            else:  # the child obeyed; its helpers (log tails, orphan watchers) go with it
                _kill_group(proc)
            print(
                "territorial-trade: stopped on request; the year in progress was not "
                "published, and a year is only ever promoted whole",
                file=sys.stderr,
            )
            return 130
        if proc.returncode < 0:  # killed by a signal no one here asked for
            return _killed(proc, dagster_home)
        return proc.returncode
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if proc.poll() is None:
            _kill_group(proc)
        if reader is not None:
            reader.join(timeout=10)


def _killed(proc: subprocess.Popen, dagster_home: Path) -> int:
    """The build's process was killed by a signal (the out-of-memory killer sends SIGKILL): what
    it started goes with it (dbt, the page workers), its runs are marked failed, and one line
    says so. Exit 3 for SIGKILL (the machine ran out of something, as `exhaustion`), else 1."""
    from orchestration.exhaustion import EXIT_EXHAUSTED

    try:
        name = signal.Signals(-proc.returncode).name
    except ValueError:
        name = f"signal {-proc.returncode}"
    _kill_group(proc)
    hint = (" (the system's out-of-memory killer does this when memory runs out)"
            if name == "SIGKILL" else "")  # fmt: skip
    print(
        f"territorial-trade: the build's process was killed by {name}{hint}; nothing it was "
        "writing is published (a year is only ever promoted and published whole): run again",
        file=sys.stderr,
    )
    try:
        _fail_orphan_runs(dagster_home, proc.pid, f"the build's process was killed by {name}")
    except Exception as exc:  # the instance may be what could not be written (a full disk)
        print(f"territorial-trade: its Dagster runs could not be marked failed: {exc}",
              file=sys.stderr)  # fmt: skip
    return EXIT_EXHAUSTED if name == "SIGKILL" else 1


def _follow(proc: subprocess.Popen, log: Path) -> threading.Thread:
    """A thread copying the child's output to `log` and feeding the compact display."""
    from orchestration.display import Display

    log.parent.mkdir(parents=True, exist_ok=True)
    display = Display(tty=sys.stdout.isatty())

    def run() -> None:
        out: io.TextIOBase | None = None
        cut: OSError | None = None
        try:
            out = log.open("w", encoding="utf-8")
        except OSError as exc:  # a full disk: the display still shows the build
            cut = exc
        for raw in io.TextIOWrapper(proc.stdout, encoding="utf-8", errors="replace"):
            if out is not None:
                try:
                    out.write(raw)
                    out.flush()
                except OSError as exc:  # the rest is not written; its buffer cannot be either
                    cut = exc
                    with contextlib.suppress(OSError):
                        out.close()
                    out = None
            display.feed(raw)  # the pipe is always drained, so the build never blocks on it
        if out is not None:
            out.close()  # flushed after every line: nothing left to write
        display.close()
        if cut is not None:
            reason = cut.strerror or str(cut)
            print(f"territorial-trade: the log {log} is cut ({reason})", file=sys.stderr)

    thread = threading.Thread(target=run, name="build-display", daemon=True)
    thread.start()
    return thread
