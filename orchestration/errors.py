"""The errors a user can cause, as opposed to bugs: a bad option, setting, source, file, line or
value, data that failed its checks, a busy warehouse. The CLI prints each in one line and exits
2; a Dagster run that fails on one of them is reported the same way (`launch.YearOutcome`).

One list for both, so that they cannot drift apart (`tests/test_cli.py` checks that every error
class of the package is either here or a bug on purpose).
"""

from __future__ import annotations


class UserError(ValueError):
    """A problem with what the user gave; printed as one line, exit code 2."""


def user_error_classes() -> tuple[type[BaseException], ...]:
    """Every error class users can cause (imported here, when asked: the CLI starts fast)."""
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
            FicheSelectionError)  # fmt: skip


def user_error_names() -> frozenset[str]:
    """The class names of `user_error_classes` (a run's failure carries the name only)."""
    return frozenset(cls.__name__ for cls in user_error_classes())
