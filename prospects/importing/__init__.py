"""Importing trade-show files: bytes to candidate prospects (reading, column mapping, cleaning,
duplicates) and the plan of what each row would do. Writing the batch and undoing it are services
(`prospects.services.imports`)."""

from prospects.importing.duplicates import Policy
from prospects.importing.engine import (
    ImportOptions,
    ImportReport,
    ImportSource,
    RowOutcome,
    load,
    plan,
)
from prospects.importing.reading import ImportFileError

__all__ = [
    "ImportFileError", "ImportOptions", "ImportReport", "ImportSource", "Policy", "RowOutcome", "load", "plan",
]
