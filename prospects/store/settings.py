"""General settings (currency, language, default country...), and where each settings repository lives."""

from __future__ import annotations

import duckdb

from prospects.domain import (
    check,
)
from prospects.domain import settings_rules as rules
from prospects.store import identity_keys
from prospects.store.choices import CHOICE_COLUMNS, CategoriesRepository, ChoicesRepository
from prospects.store.custom_fields import VALUE_COLUMNS, CustomFieldsRepository
from prospects.store.db import Database, reads, writes
from prospects.store.stages import StagesRepository
from prospects.store.users import USER_REFERENCES, UsersRepository

# The repositories split by job keep this import path, so `prospects.store` and callers do not change.
__all__ = [
    "CHOICE_COLUMNS",
    "USER_REFERENCES",
    "VALUE_COLUMNS",
    "CategoriesRepository",
    "ChoicesRepository",
    "CustomFieldsRepository",
    "SettingsRepository",
    "StagesRepository",
    "UsersRepository",
]


class SettingsRepository:
    """General settings as key/value pairs (currency, default country, language)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @reads
    def all(self, conn: duckdb.DuckDBPyConnection) -> dict[str, str]:
        return dict(conn.execute("SELECT key, value FROM settings").fetchall())

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.all().get(key, default)

    @reads
    def default_country(self, conn: duckdb.DuckDBPyConnection) -> str:
        """The team's default country for numbers written without their code: the one place it is read."""
        return identity_keys.default_country(conn)

    @writes
    def set(self, conn: duckdb.DuckDBPyConnection, key: str, value: str | None) -> None:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    @writes
    def set_general(self, conn: duckdb.DuckDBPyConnection, values: dict[str, str]) -> None:
        """Currency, default country and language together, after checking each."""
        check(rules.check_general(values))
        for key, value in values.items():
            self.set(key, value)
