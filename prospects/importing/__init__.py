"""Importing trade-show files: bytes to candidate prospects (reading, column mapping, cleaning,
duplicates) and the plan of what each row would do, from what `prospects.services.imports` reads of
the base for it. Reading the base, writing the batch and undoing it are services."""

from prospects.importing.duplicates import Policy
from prospects.importing.engine import (
    ImportOptions,
    ImportReport,
    ImportSource,
    RowOutcome,
)
from prospects.importing.reading import ImportFileError

__all__ = ["ImportFileError", "ImportOptions", "ImportReport", "ImportSource", "Policy", "RowOutcome"]
