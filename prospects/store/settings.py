"""Users, general settings, stages, choice lists, category labels and custom fields in DuckDB."""

from __future__ import annotations

import duckdb

from prospects.domain import CHOICE_KINDS, MAX_CATEGORIES, Choice, CustomField, FieldType, Stage, User
from prospects.errors import NotFoundError
from prospects.store.db import Database, reads, writes
from prospects.store.rows import fetch_dicts


class UsersRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    @reads
    def list(self, conn: duckdb.DuckDBPyConnection, active_only: bool = False) -> list[User]:
        sql = "SELECT id, full_name, initials, email, active FROM users"
        if active_only:
            sql += " WHERE active"
        return [User(**r) for r in fetch_dicts(conn.execute(sql + " ORDER BY full_name, id"))]

    @reads
    def get(self, conn: duckdb.DuckDBPyConnection, user_id: int) -> User:
        rows = fetch_dicts(conn.execute("SELECT id, full_name, initials, email, active FROM users WHERE id = ?", [user_id]))
        if not rows:
            raise NotFoundError()
        return User(**rows[0])

    @writes
    def create(self, conn: duckdb.DuckDBPyConnection, user: User) -> User:
        new_id = conn.execute(
            "INSERT INTO users (full_name, initials, email, active) VALUES (?, ?, ?, ?) RETURNING id",
            [user.full_name, user.initials, user.email, user.active],
        ).fetchall()[0][0]
        return User(new_id, user.full_name, user.initials, user.email, user.active)

    @writes
    def update(self, conn: duckdb.DuckDBPyConnection, user: User) -> User:
        if not conn.execute(
            "UPDATE users SET full_name = ?, initials = ?, email = ?, active = ? WHERE id = ? RETURNING id",
            [user.full_name, user.initials, user.email, user.active, user.id],
        ).fetchall():
            raise NotFoundError()
        return user


class SettingsRepository:
    """General settings as key/value pairs (currency, default country, language)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @reads
    def all(self, conn: duckdb.DuckDBPyConnection) -> dict[str, str]:
        return dict(conn.execute("SELECT key, value FROM settings").fetchall())

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.all().get(key, default)

    @writes
    def set(self, conn: duckdb.DuckDBPyConnection, key: str, value: str | None) -> None:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


class StagesRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    @reads
    def list(self, conn: duckdb.DuckDBPyConnection, active_only: bool = True) -> list[Stage]:
        sql = "SELECT id, name, position, probability, stale_after_days, active FROM stages"
        if active_only:
            sql += " WHERE active"
        return [Stage(**r) for r in fetch_dicts(conn.execute(sql + " ORDER BY position, id"))]

    @reads
    def get(self, conn: duckdb.DuckDBPyConnection, stage_id: int) -> Stage:
        rows = fetch_dicts(
            conn.execute("SELECT id, name, position, probability, stale_after_days, active FROM stages WHERE id = ?", [stage_id])
        )
        if not rows:
            raise NotFoundError()
        return Stage(**rows[0])

    @writes
    def create(self, conn: duckdb.DuckDBPyConnection, stage: Stage) -> Stage:
        new_id = conn.execute(
            "INSERT INTO stages (name, position, probability, stale_after_days, active) VALUES (?, ?, ?, ?, ?) RETURNING id",
            [stage.name, stage.position, stage.probability, stage.stale_after_days, stage.active],
        ).fetchall()[0][0]
        return Stage(new_id, stage.name, stage.position, stage.probability, stage.stale_after_days, stage.active)

    @writes
    def update(self, conn: duckdb.DuckDBPyConnection, stage: Stage) -> Stage:
        if not conn.execute(
            "UPDATE stages SET name = ?, position = ?, probability = ?, stale_after_days = ?, active = ?"
            " WHERE id = ? RETURNING id",
            [stage.name, stage.position, stage.probability, stage.stale_after_days, stage.active, stage.id],
        ).fetchall():
            raise NotFoundError()
        return stage


class ChoicesRepository:
    """The configurable lists: channels, loss reasons, civilities, sectors, client types."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @reads
    def list(self, conn: duckdb.DuckDBPyConnection, kind: str, active_only: bool = True) -> list[Choice]:
        _check_kind(kind)
        sql = "SELECT id, kind, name, position, active FROM choices WHERE kind = ?"
        if active_only:
            sql += " AND active"
        return [Choice(**r) for r in fetch_dicts(conn.execute(sql + " ORDER BY position, id", [kind]))]

    def names(self, kind: str, active_only: bool = True) -> list[str]:
        return [c.name for c in self.list(kind, active_only)]

    @writes
    def create(self, conn: duckdb.DuckDBPyConnection, choice: Choice) -> Choice:
        _check_kind(choice.kind)
        new_id = conn.execute(
            "INSERT INTO choices (kind, name, position, active) VALUES (?, ?, ?, ?) RETURNING id",
            [choice.kind, choice.name, choice.position, choice.active],
        ).fetchall()[0][0]
        return Choice(new_id, choice.kind, choice.name, choice.position, choice.active)

    @writes
    def update(self, conn: duckdb.DuckDBPyConnection, choice: Choice) -> Choice:
        if not conn.execute(
            "UPDATE choices SET name = ?, position = ?, active = ? WHERE id = ? RETURNING id",
            [choice.name, choice.position, choice.active, choice.id],
        ).fetchall():
            raise NotFoundError()
        return choice


class CategoriesRepository:
    """Labels of the (up to 20) tick boxes of the Details tab, by position 1-20."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @reads
    def labels(self, conn: duckdb.DuckDBPyConnection) -> dict[int, str]:
        rows = conn.execute("SELECT position, label FROM categories WHERE label IS NOT NULL AND label <> '' ORDER BY position")
        return dict(rows.fetchall())

    @writes
    def set_label(self, conn: duckdb.DuckDBPyConnection, position: int, label: str | None) -> None:
        if not 1 <= position <= MAX_CATEGORIES:
            raise NotFoundError()
        conn.execute(
            "INSERT INTO categories (position, label) VALUES (?, ?) ON CONFLICT (position) DO UPDATE SET label = excluded.label",
            [position, label],
        )


class CustomFieldsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    @reads
    def list(self, conn: duckdb.DuckDBPyConnection, active_only: bool = True) -> list[CustomField]:
        sql = "SELECT id, label, type, position, active FROM custom_fields"
        if active_only:
            sql += " WHERE active"
        rows = fetch_dicts(conn.execute(sql + " ORDER BY position, id"))
        return [CustomField(**{**r, "type": FieldType(r["type"])}) for r in rows]

    @writes
    def create(self, conn: duckdb.DuckDBPyConnection, custom_field: CustomField) -> CustomField:
        new_id = conn.execute(
            "INSERT INTO custom_fields (label, type, position, active) VALUES (?, ?, ?, ?) RETURNING id",
            [custom_field.label, str(custom_field.type), custom_field.position, custom_field.active],
        ).fetchall()[0][0]
        return CustomField(new_id, custom_field.label, custom_field.type, custom_field.position, custom_field.active)

    @writes
    def update(self, conn: duckdb.DuckDBPyConnection, custom_field: CustomField) -> CustomField:
        if not conn.execute(
            "UPDATE custom_fields SET label = ?, type = ?, position = ?, active = ? WHERE id = ? RETURNING id",
            [custom_field.label, str(custom_field.type), custom_field.position, custom_field.active, custom_field.id],
        ).fetchall():
            raise NotFoundError()
        return custom_field


def _check_kind(kind: str) -> None:
    if kind not in CHOICE_KINDS:
        raise ValueError(f"unknown list {kind!r}")
