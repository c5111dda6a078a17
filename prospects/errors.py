"""Errors of the package: each has a stable code for scripts, and a sentence for a sales rep.

The code (`conflict`, `email_invalid`, `database_busy`...) never changes with the language; the
sentence comes from the catalogue (`prospects.i18n.describe`) only when shown. README.md lists the codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar


def code_of(key: str) -> str:
    """The stable code of a catalogue key: its last part (`settings.error.name_missing` -> `name_missing`)."""
    return key.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class Term:
    """A word of the catalogue inside an error's values (a field type, say), put in words when shown."""

    key: str


@dataclass(frozen=True)
class FieldError:
    """A problem with one field, shown next to that field."""

    field: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return code_of(self.key)

    @property
    def message(self) -> str:
        from prospects.i18n import describe

        return describe(self)


class ProspectsError(Exception):
    """Base of every error the user may see; its text is the message to show."""

    key = "error.unexpected"
    fixed_code: ClassVar[str | None] = None  # when the key's last part would not be unique

    def __init__(self, message: str | None = None, **params: Any) -> None:
        self.params = params
        self._message = message
        super().__init__(message or self.key)

    @property
    def code(self) -> str:
        return self.fixed_code or code_of(self.key)

    @property
    def message(self) -> str:
        from prospects.i18n import describe

        return self._message or describe(self)

    def __str__(self) -> str:
        return self.message


class ValidationError(ProspectsError):
    """Input refused; carries one message per field."""

    key = "error.validation"

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__()
        self.errors = list(errors)

    def for_field(self, name: str) -> list[str]:
        return [e.message for e in self.errors if e.field == name]

    @property
    def message(self) -> str:
        return "; ".join(e.message for e in self.errors)


class ConflictError(ProspectsError):
    """Someone else saved the same record since it was read."""

    key = "error.conflict"


class NotFoundError(ProspectsError):
    key = "error.not_found"


class DuplicateError(ProspectsError):
    key = "error.duplicate"


class DatabaseBusyError(ProspectsError):
    """Another program holds the database file for too long."""

    key = "error.database_busy"


class DatabaseFolderMissingError(ProspectsError):
    """The database's folder does not exist: most likely a typo, so no new empty base is made there."""

    key = "error.database_folder_missing"


class DatabaseDamagedError(ProspectsError):
    """The file is not a DuckDB database of Prospects, or it is damaged; it is left untouched."""

    key = "error.database_damaged"


class DatabaseReadOnlyError(ProspectsError):
    """The database file (or its folder, where DuckDB writes its journal) may not be written."""

    key = "error.database_read_only"


class DatabaseTooNewError(ProspectsError):
    """The database was upgraded by a newer version of Prospects; an older one must not touch it."""

    key = "error.database_too_new"


class ImportFileError(ProspectsError):
    """A file that cannot be read at all (raised by `prospects.importing`); nothing is written."""

    key = "import.error.unreadable"

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        super().__init__(None, **params)

    @property
    def message(self) -> str:
        """The sentence, its numbers written as the reader's language writes them (200,000 / 200 000)."""
        from prospects.i18n import fmt_number, t

        params = {k: fmt_number(v) if isinstance(v, int) and v >= 1000 else v for k, v in self.params.items()}
        return t(self.key, **params)


class ExportOntoDatabaseError(ProspectsError):
    """An export aimed at the database file itself: refused, even with --force."""

    key = "error.export_onto_database"


class ExportTargetExistsError(ProspectsError):
    """An export would write over an existing file without --force."""

    key = "error.export_target_exists"


class ExportTargetUnwritableError(ProspectsError):
    """The export file cannot be written (missing folder, a folder, no permission...)."""

    key = "error.export_target_unwritable"


class UsageError(ProspectsError):
    """A command line that does not parse; the message is the parser's."""

    fixed_code = "usage"
