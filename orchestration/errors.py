"""The errors a user can cause, as opposed to bugs: a bad option, setting, source, file, line or
value, data that failed its checks, a busy warehouse. The CLI prints each in one line and exits
2; a Dagster run that fails on one of them is reported the same way (`launch.YearOutcome`).

One list for both, so that they cannot drift apart (`tests/test_cli.py` checks that every error
class of the package is either here or a bug on purpose).
"""

from __future__ import annotations

from functools import lru_cache


class UserError(ValueError):
    """A problem with what the user gave; printed as one line, exit code 2."""


def user_error_classes() -> tuple[type[BaseException], ...]:
    """Every error class users can cause (imported here, when asked: the CLI starts fast)."""
    from orchestration.alerts import AlertError
    from orchestration.customs.labels import LabelFileError
    from orchestration.fiches.batch import FicheSelectionError
    from orchestration.ingest.archive import ArchiveError
    from orchestration.ingest.download import DownloadError
    from orchestration.ingest.listing import ListingError
    from orchestration.ingest.load import LoadError, RevisionRefused
    from orchestration.ingest.pipeline import YearRejected
    from orchestration.ingest.sources import SourceError
    from orchestration.ingest.tariff_scenarios import TariffScenarioError
    from orchestration.ingest.territoires_industrie import TerritoiresError
    from orchestration.publish.publisher import PublishError
    from orchestration.settings import ConfigError
    from orchestration.warehouse import WarehouseBusy, WarehouseError

    return (UserError, ConfigError, ArchiveError, DownloadError, ListingError, LoadError,
            RevisionRefused, YearRejected, SourceError, TariffScenarioError, TerritoiresError,
            LabelFileError, PublishError, WarehouseError, WarehouseBusy,
            FicheSelectionError, AlertError)  # fmt: skip


@lru_cache(maxsize=1)
def user_error_names() -> frozenset[str]:
    """The class names of `user_error_classes` (a run's failure carries the name only)."""
    return frozenset(cls.__name__ for cls in user_error_classes())


def root_cause(error) -> tuple[str, str, str]:
    """The innermost error of a Dagster SerializableErrorInfo: (class name, first line), and the
    text of the whole chain (a dbt failure's parsed errors are in its message's later lines)."""
    texts = [error.message or ""]
    while error.cause is not None:
        error = error.cause
        texts.append(error.message or "")
    message = error.message.strip().splitlines()[0] if error.message else ""
    # "orchestration.x.LoadError: text" -> "text"
    prefix = f"{error.cls_name}: "
    message = message.split(prefix, 1)[1] if prefix in message else message
    return error.cls_name or "Error", message, "\n".join(texts)


def step_failure(step: str, error) -> tuple[str, str, str]:
    """(step, class, message) of a failed step's error; memory or disk space running out is
    (step, its kind, its one line), wherever it happened (`orchestration.exhaustion`)."""
    from orchestration.exhaustion import exhausted
    from orchestration.settings import duckdb_memory_limit

    cls, message, text = root_cause(error)
    try:
        limit = duckdb_memory_limit()
    except ValueError:
        limit = "?"
    found = exhausted(cls, text, f"step {step}", limit)
    return (step, *found) if found else (step, cls, message)


def failure_line(cls: str, message: str) -> str:
    """A failure as a user reads it: a user error, or memory or disk running out, as its message
    alone; anything else with its class (a bug: the log has the traceback)."""
    from orchestration.exhaustion import KINDS

    return message if cls in user_error_names() or cls in KINDS else f"{cls}: {message}"
