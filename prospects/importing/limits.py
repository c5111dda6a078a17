"""How much of a dropped file the import reads before refusing it, and the error that refuses a file."""

from __future__ import annotations

import os
from dataclasses import dataclass

from prospects.errors import ProspectsError
from prospects.i18n import fmt_number, t


class ImportFileError(ProspectsError):
    """A file that cannot be read at all; nothing is written."""

    key = "import.error.unreadable"

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        super().__init__(None, **params)

    @property
    def message(self) -> str:
        """The sentence, its numbers written as the reader's language writes them (200,000 / 200 000)."""
        params = {k: fmt_number(v) if isinstance(v, int) and v >= 1000 else v for k, v in self.params.items()}
        return t(self.key, **params)


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
