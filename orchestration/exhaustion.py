"""Running out of memory or disk space: recognised wherever it happens (a DuckDB query in a step,
a dbt model, a file write) and said in one line naming what ran out and where, with its own exit
code, 3: neither a mistake of the user (2) nor a bug (1).

Pure functions over an error's class name and whole text, so that the CLI (an exception in its
own process) and a Dagster run (a failure event, which carries names and text, not the
exception) say the same.
"""

from __future__ import annotations

import errno
import re

EXIT_EXHAUSTED = 3
OUT_OF_MEMORY = "OutOfMemory"
DISK_FULL = "DiskFull"
KILLED = "Killed"  # a process of the build killed by SIGKILL: what the out-of-memory killer sends
KINDS = frozenset({OUT_OF_MEMORY, DISK_FULL, KILLED})

_MEMORY = re.compile(r"Out of Memory Error: ([^\n\\]*)")
_DISK = re.compile(r"No space left on device|\[Errno 28\]|disk is full|ENOSPC", re.IGNORECASE)
_MODEL = re.compile(r"(?:Runtime|Database) Error in (?:model|test|seed|snapshot) (\S+)")
_KILLED = re.compile(r"a page worker was killed by SIGKILL[^\n]*")
_PATH = re.compile(r"""(?:file|write to|writing to|directory) ["']([^"']+)["']""", re.IGNORECASE)


def _place(text: str, where: str) -> str:
    model = _MODEL.search(text)
    return f"{where} (dbt {model[1]})" if model else where


def exhausted(cls: str, text: str, where: str, memory_limit: str) -> tuple[str, str] | None:
    """(kind, one line) when an error (`cls`, its whole `text`) says memory or disk space ran
    out in `where` (a step, a command), or that a page worker was killed by SIGKILL (the
    system's out-of-memory killer); None otherwise."""
    killed = _KILLED.search(text)
    if cls == "PageWorkerKilled" and killed:
        return KILLED, killed[0]
    memory = _MEMORY.search(text)
    if memory or cls in ("OutOfMemoryException", "MemoryError"):
        detail = memory[1].strip() if memory else (text.strip().splitlines() or [cls])[0]
        return OUT_OF_MEMORY, (
            f"out of memory in {_place(text, where)}: {detail}; DuckDB may use "
            f"DUCKDB_MEMORY_LIMIT={memory_limit} per process: raise it (default 1GB) or free "
            "memory, and run again (a year is only ever promoted and published whole)"
        )
    if _DISK.search(text):
        path = _PATH.search(text)
        on = f" writing {path[1]}" if path else ""
        return DISK_FULL, (
            f"disk full in {_place(text, where)}{on}: no space left on the device; free space "
            "where the warehouse lives (its folder holds the spill files, the exports and the "
            "publication) and run again (a year is only ever promoted and published whole)"
        )
    return None


# SQLite (Dagster's run and event stores) says only this when a write fails for want of space
_IO_ERROR = re.compile(r"disk I/O error", re.IGNORECASE)
NEARLY_FULL_BYTES = 16 * 1024 * 1024


def exception_line(
    exc: BaseException, where: str, memory_limit: str, free_bytes: int | None = None
) -> str | None:
    """The one line for an exception raised in this process if it is memory or disk space
    running out (Python's MemoryError, an OSError ENOSPC, DuckDB's errors; SQLite's bare « disk
    I/O error » when `free_bytes`, the space left where the warehouse lives, is nearly none),
    else None."""
    text = str(exc)
    if (
        free_bytes is not None
        and free_bytes < NEARLY_FULL_BYTES
        and _IO_ERROR.search(text)
        and not _DISK.search(text)
    ):
        text = f"No space left on device ({free_bytes:,} bytes free): {text.splitlines()[0]}"
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        text = f"No space left on device writing to '{exc.filename}'" if exc.filename else text
        text = text if _DISK.search(text) else f"No space left on device: {text}"
    found = exhausted(type(exc).__name__, text, where, memory_limit)
    return found[1] if found else None
