"""The one way into the DuckDB warehouse: connections, transactions, and the build lock.

Every module opens the warehouse through `connect` (read-only for readers), so errors read the
same everywhere: a missing warehouse or a folder that cannot be written is one clear sentence
naming the path, not a DuckDB traceback. `build_lock` makes two writers of one warehouse take
turns (the CLI's `build`, `tariffs`, `publish`, and through `run_lock` every Dagster run,
whether launched from the UI, the schedule or the sensor): the second is told at once who holds
it, or waits if asked to.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.settings import duckdb_memory_limit


class WarehouseError(RuntimeError):
    """The warehouse cannot be used as asked; the message names the path and why."""


class WarehouseBusy(WarehouseError):
    """Another build holds the warehouse."""


def duckdb_config(**extra: str) -> dict[str, str]:
    """The configuration of every DuckDB this project opens (its memory limit, and `extra`)."""
    return {"memory_limit": duckdb_memory_limit(), **extra}


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse file (created for writing if absent; never for reading)."""
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run 'territorial-trade build' first")
    try:
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        return duckdb.connect(str(path), read_only=read_only, config=duckdb_config())
    except PermissionError as exc:
        raise WarehouseError(f"cannot write the warehouse folder {path.parent}: {exc}") from exc
    except duckdb.IOException as exc:
        first = str(exc).splitlines()[0]
        if "lock" in first.lower():
            raise WarehouseBusy(
                f"the warehouse {path} is in use by another process ({first})"
            ) from exc
        if is_damage(exc):
            raise WarehouseError(damaged_message(path, exc)) from exc
        raise WarehouseError(f"cannot open the warehouse {path}: {first}") from exc


RECOVERY = "docs/reliability.md, « A damaged warehouse »"


def is_damage(exc: BaseException) -> bool:
    """Whether a DuckDB error says the file itself is damaged (a block whose checksum fails, a
    file shorter than its header says), rather than a query or a lock."""
    text = str(exc)
    return isinstance(exc, duckdb.Error) and (
        "Corrupt database file" in text or "Could not read enough bytes" in text
    )


def damaged_message(path: Path, exc: BaseException, where: str = "") -> str:
    first = str(exc).splitlines()[0]
    return (
        f"the warehouse {path} is damaged{where} ({first}); move it aside and rebuild it from "
        f"the archives cached in raw/ ({RECOVERY})"
    )


def verify_readable(path: Path) -> int:
    """Read every value of every table of the warehouse (DuckDB checks each block's checksum as
    it reads it); raise WarehouseError naming the first table that cannot be read. Returns the
    number of tables read."""
    where = ""
    with connect(path, read_only=True) as con:
        try:
            tables = con.execute(
                "SELECT schema_name, table_name FROM duckdb_tables() "
                "WHERE database_name = current_database() ORDER BY ALL"
            ).fetchall()
            for schema, table in tables:
                where = f": {schema}.{table} cannot be read"
                con.execute(f'SELECT count(*), sum(hash(COLUMNS(*))) FROM "{schema}"."{table}"')
                con.fetchall()
        except duckdb.Error as exc:
            if is_damage(exc):
                raise WarehouseError(damaged_message(path, exc, where)) from exc
            raise
    return len(tables)


def has_relation(con: duckdb.DuckDBPyConnection, schema: str, name: str,
                 column: str | None = None) -> bool:  # fmt: skip
    """Whether `schema.name` exists (with `column`, if given): a warehouse a build never finished,
    or an older layout, may lack it."""
    sql = ("SELECT count(*) FROM information_schema.columns "
           "WHERE table_schema = ? AND table_name = ?")  # fmt: skip
    params = [schema, name]
    if column is not None:
        sql += " AND column_name = ?"
        params.append(column)
    return con.execute(sql, params).fetchone()[0] > 0


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN ... COMMIT, or ROLLBACK on any error (interrupts included)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def lock_path(warehouse: Path) -> Path:
    return Path(warehouse).with_name(f".{Path(warehouse).name}.lock")


def _holder(path: Path) -> str:
    """Who holds the lock, as its holder wrote it: « territorial-trade publish (pid 12, started
    …) », « the Dagster run 1a2b3c4d of refresh_year (pid 12, started …) »."""
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        who = info.get("holder") or f"territorial-trade {info['command']}"
        return f"{who} (pid {info['pid']}, started {info['started_at']})"
    except (OSError, ValueError, KeyError, AttributeError):
        return "another process"


# The environment variable through which `build` and `tariffs` tell their child (the process
# that runs Dagster) which of its file descriptors holds the warehouse lock they took.
INHERITED_LOCK_ENV = "TERRITORIAL_TRADE_LOCK_FD"


def holds_inherited_lock(warehouse: Path) -> bool:
    """Whether this process holds `warehouse`'s lock through a descriptor its parent passed down
    (`INHERITED_LOCK_ENV`): the descriptor must be open on this warehouse's lock file, and
    taking the flock through it must succeed at once (it does only for the holder's own open
    file)."""
    value = os.environ.get(INHERITED_LOCK_ENV, "")
    if not value.isdigit():
        return False
    fd = int(value)
    try:
        held, wanted = os.fstat(fd), os.stat(lock_path(warehouse))
        if (held.st_dev, held.st_ino) != (wanted.st_dev, wanted.st_ino):
            return False
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


# The folders beside the warehouse file that builds write into.
WRITTEN_FOLDERS = ("raw", "dbt-target", "docs", "exports", "published")


def refuse_links_out(warehouse: Path, folders: tuple[str, ...] = WRITTEN_FOLDERS) -> None:
    """Raise WarehouseError if a folder a build writes into (or anything in it) is a symbolic
    link leading out of the warehouse folder: a write would land outside, where it was not
    asked for."""
    from orchestration.files import links_leading_out

    root = warehouse.parent
    for name in folders:
        found = links_leading_out(root / name, root)
        if found:
            link, target = found[0]
            raise WarehouseError(
                f"{link} is a symbolic link to {target}, outside the warehouse folder {root}; "
                "nothing is written through it: remove the link (or make it a real folder) "
                "and run again"
            )


@contextmanager
def build_lock(warehouse: Path, command: str, wait: bool = False, poll: float = 0.5,
               holder: str | None = None, hint: str = "try again when it ends, or add --wait",
               ) -> Iterator[int]:  # fmt: skip
    """Hold the warehouse's build lock (an flock, released by the kernel if the holder dies).

    Without `wait`, a held lock raises WarehouseBusy naming the holder (`holder`, else
    « territorial-trade `command` »), its pid and start time, then `hint`.
    """
    path = lock_path(warehouse)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise WarehouseError(f"cannot write the warehouse folder {path.parent}: {exc}") from exc
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if not wait:
                    raise WarehouseBusy(
                        f"the warehouse {warehouse} is busy: {_holder(path)} holds it; {hint}"
                    ) from None
                time.sleep(poll)
        info = {"pid": os.getpid(), "command": command,
                "started_at": datetime.now(UTC).isoformat(timespec="seconds")}  # fmt: skip
        if holder:
            info["holder"] = holder
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
        refuse_links_out(warehouse)
        yield fd
    finally:
        os.close(fd)  # closing the descriptor releases the flock


@contextmanager
def run_lock(warehouse: Path, job: str, run_id: str, partition: str | None) -> Iterator[None]:
    """The lock for one Dagster run, held from its first step to its last: runs launched from
    the UI, the schedule or the sensor take turns with the CLI's `build`, `tariffs` and
    `publish`. A run started by `build` or `tariffs` runs under the lock its parent holds
    (`holds_inherited_lock`); any other run takes it, or fails at once naming the holder."""
    if holds_inherited_lock(warehouse):
        yield
        return
    what = f"the Dagster run {run_id[:8]} of {job}" + (
        f", partition {partition}" if partition else ""
    )
    with build_lock(warehouse, "run", holder=what,
                    hint="launch the run again when it ends"):  # fmt: skip
        yield
