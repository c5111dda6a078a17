"""How much of a dropped file the import reads before refusing it (`ImportFileError` refuses a file)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from prospects.errors import ImportFileError

__all__ = ["ImportFileError", "Limits"]  # the error is the package's (its words come at the edge)


@dataclass(frozen=True)
class Limits:
    """How much of a dropped file the import reads before refusing it: a zip bomb unpacks to
    gigabytes and a sheet can hold a million junk rows, which would exhaust the machine."""

    max_bytes: int = 100_000_000  # unpacked: the text of a CSV, the XML of a workbook
    max_rows: int = 200_000
    max_columns: int = 500

    @classmethod
    def current(cls) -> Limits:
        """The limits, each of which the environment may lower or raise (PROSPECTS_IMPORT_MAX_BYTES,
        _MAX_ROWS, _MAX_COLUMNS): a team with bigger files, or a test with a small bomb."""
        values = {}
        for name in ("max_bytes", "max_rows", "max_columns"):
            text = os.environ.get(f"PROSPECTS_IMPORT_{name.upper()}", "")
            if text.strip().isdigit() and int(text) > 0:
                values[name] = int(text)
        return cls(**values)

    def check_rows(self, count: int) -> None:
        if count > self.max_rows:
            raise ImportFileError("import.error.too_many_rows", limit=self.max_rows)

    def check_columns(self, count: int, row: int) -> None:
        if count > self.max_columns:
            raise ImportFileError("import.error.too_many_columns", limit=self.max_columns, row=row)

    def check_bytes(self, count: int) -> None:
        if count > self.max_bytes:
            raise ImportFileError("import.error.too_large", limit=self.max_bytes // 1_000_000 or 1)
