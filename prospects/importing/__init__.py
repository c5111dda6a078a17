"""Importing trade-show files: reading, column mapping, cleaning, duplicates, and the undoable batch."""

from prospects.importing.duplicates import Policy
from prospects.importing.engine import (
    ImportOptions,
    ImportReport,
    ImportSource,
    RowOutcome,
    apply,
    import_file,
    load,
    plan,
    undo,
)
from prospects.importing.reading import ImportFileError

__all__ = [
    "ImportFileError", "ImportOptions", "ImportReport", "ImportSource", "Policy", "RowOutcome",
    "apply", "import_file", "load", "plan", "undo",
]
