"""Errors of the package, each with a message written for a sales rep."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """A problem with one field, shown next to that field."""

    field: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        from prospects.i18n import t

        return t(self.key, **self.params)


class ProspectsError(Exception):
    """Base of every error the user may see; its text is the message to show."""

    key = "error.unexpected"

    def __init__(self, message: str | None = None, **params: Any) -> None:
        self.params = params
        self._message = message
        super().__init__(message or self.key)

    @property
    def message(self) -> str:
        from prospects.i18n import t

        return self._message or t(self.key, **self.params)

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
