"""The users of the app: reps and managers, and who may be deleted."""

from __future__ import annotations

import dataclasses

import duckdb

from prospects.domain import (
    LANGUAGES,
    User,
    at_the_door,
    check,
)
from prospects.domain import settings_rules as rules
from prospects.errors import FieldError, NotFoundError, ValidationError
from prospects.store.db import Database, reads, writes
from prospects.store.rows import fetch_dicts

# Columns that point at a user: a user named there cannot be deleted, only deactivated.
USER_REFERENCES = (
    ("prospects", "owner_id"),
    ("prospects", "created_by"),
    ("prospects", "updated_by"),
    ("actions", "assignee_id"),
    ("actions", "created_by"),
    ("actions", "updated_by"),
    ("history", "changed_by"),
    ("contacts", "created_by"),
    ("contacts", "updated_by"),
)


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
        """Add a user; a ValidationError says which field is wrong (e.g. initials already taken)."""
        user = _clean_user(user)
        check(rules.check_user(user, self.list()))
        new_id = conn.execute(
            "INSERT INTO users (full_name, initials, email, active) VALUES (?, ?, ?, ?) RETURNING id",
            [user.full_name, user.initials, user.email, user.active],
        ).fetchall()[0][0]
        return User(new_id, user.full_name, user.initials, user.email, user.active)

    @writes
    def update(self, conn: duckdb.DuckDBPyConnection, user: User) -> User:
        user = _clean_user(user)
        check(rules.check_user(user, self.list()))
        if not conn.execute(
            "UPDATE users SET full_name = ?, initials = ?, email = ?, active = ? WHERE id = ? RETURNING id",
            [user.full_name, user.initials, user.email, user.active, user.id],
        ).fetchall():
            raise NotFoundError()
        return user

    @reads
    def language(self, conn: duckdb.DuckDBPyConnection, user_id: int) -> str | None:
        """The language this user last chose (None until they choose one)."""
        rows = conn.execute("SELECT language FROM users WHERE id = ?", [user_id]).fetchall()
        return rows[0][0] if rows else None

    @writes
    def set_language(self, conn: duckdb.DuckDBPyConnection, user_id: int, language: str) -> None:
        """Remember the language a user chose; an unknown language is refused."""
        if language not in LANGUAGES:
            raise ValidationError([FieldError("language", "settings.error.language_unknown", {"value": language})])
        if not conn.execute("UPDATE users SET language = ? WHERE id = ? RETURNING id", [language, user_id]).fetchall():
            raise NotFoundError()

    @reads
    def references(self, conn: duckdb.DuckDBPyConnection, user_id: int) -> int:
        """How many records name this user (owner, author, assignee, history)."""
        return sum(
            conn.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", [user_id]).fetchall()[0][0]
            for table, column in USER_REFERENCES
        )

    @writes
    def delete(self, conn: duckdb.DuckDBPyConnection, user_id: int) -> None:
        """Remove a user nobody's records name; otherwise refuse and suggest deactivating."""
        user = self.get(user_id)
        used = self.references(user_id)
        if used:
            raise ValidationError([FieldError("active", "settings.error.user_in_use", {"who": user.full_name, "count": used})])
        if user.active and not [u for u in self.list(active_only=True) if u.id != user_id]:
            raise ValidationError([FieldError("active", "settings.error.last_active_user")])
        conn.execute("DELETE FROM users WHERE id = ?", [user_id])


def _clean_user(user: User) -> User:
    return dataclasses.replace(
        user,
        full_name=at_the_door(user.full_name, "full_name") or "",
        initials=(at_the_door(user.initials, "initials") or "").upper(),
        email=at_the_door(user.email, "email"),
    )
