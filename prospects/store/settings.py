"""Users, general settings, stages, choice lists, category labels and custom fields in DuckDB."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import duckdb
import pandas as pd

from prospects.domain import (
    CHOICE_KINDS,
    MAX_CATEGORIES,
    Choice,
    CustomField,
    FieldType,
    Stage,
    User,
    at_the_door,
    check,
)
from prospects.domain import settings_rules as rules
from prospects.errors import FieldError, NotFoundError, ValidationError
from prospects.store import identity_keys
from prospects.store.db import Database, reads, writes
from prospects.store.rows import fetch_dicts

# Where the values of each list are held: renaming a value renames it there too.
CHOICE_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "channel": (("prospects", "channel"),),
    "loss_reason": (("prospects", "loss_reason"),),
    "civility": (("prospects", "civility"), ("contacts", "civility")),
    "sector": (("prospects", "sector"),),
    "client_type": (("prospects", "client_type"),),
}
# The column of custom_values that holds each type.
VALUE_COLUMNS = {
    FieldType.TEXT: "value_text",
    FieldType.NUMBER: "value_number",
    FieldType.DATE: "value_date",
    FieldType.BOOLEAN: "value_bool",
}
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
        """Add a stage (at the end when its position is 0)."""
        stage = dataclasses.replace(stage, name=at_the_door(stage.name, "name") or "")
        check(rules.check_stage(stage, self.list(active_only=False)))
        if stage.position <= 0:
            stage = dataclasses.replace(stage, position=_next_position(conn, "stages"))
        new_id = conn.execute(
            "INSERT INTO stages (name, position, probability, stale_after_days, active) VALUES (?, ?, ?, ?, ?) RETURNING id",
            [stage.name, stage.position, stage.probability, stage.stale_after_days, stage.active],
        ).fetchall()[0][0]
        return Stage(new_id, stage.name, stage.position, stage.probability, stage.stale_after_days, stage.active)

    @writes
    def update(self, conn: duckdb.DuckDBPyConnection, stage: Stage) -> Stage:
        """Rename or retune a stage: prospects keep its id, so they and their history follow."""
        stage = dataclasses.replace(stage, name=at_the_door(stage.name, "name") or "")
        check(rules.check_stage(stage, self.list(active_only=False)))
        if not stage.active and self.get(stage.id).active:
            self._check_can_retire(conn, stage.id)
        if not conn.execute(
            "UPDATE stages SET name = ?, position = ?, probability = ?, stale_after_days = ?, active = ?"
            " WHERE id = ? RETURNING id",
            [stage.name, stage.position, stage.probability, stage.stale_after_days, stage.active, stage.id],
        ).fetchall():
            raise NotFoundError()
        return stage

    @reads
    def prospect_count(self, conn: duckdb.DuckDBPyConnection, stage_id: int, open_only: bool = False) -> int:
        sql = "SELECT count(*) FROM prospects WHERE stage_id = ?" + (" AND status = 'open'" if open_only else "")
        return conn.execute(sql, [stage_id]).fetchall()[0][0]

    @writes
    def move(self, conn: duckdb.DuckDBPyConnection, stage_id: int, offset: int) -> None:
        """Move a stage up (-1) or down (+1) the pipeline; the board and list follow this order."""
        _swap(conn, "stages", [s.id for s in self.list(active_only=False)], stage_id, offset)

    @writes
    def set_active(self, conn: duckdb.DuckDBPyConnection, stage_id: int, active: bool) -> Stage:
        """Retire (hide from new choices and the board) or restore a stage."""
        return self.update(dataclasses.replace(self.get(stage_id), active=active))

    def _check_can_retire(self, conn: duckdb.DuckDBPyConnection, stage_id: int) -> None:
        if len(self.list()) <= 1:
            raise ValidationError([FieldError("active", "settings.error.last_stage")])
        count = self.prospect_count(stage_id, open_only=True)
        if count:
            name = self.get(stage_id).name
            raise ValidationError([FieldError("active", "settings.error.stage_retire_in_use", {"count": count, "name": name})])

    @writes
    def delete(
        self, conn: duckdb.DuckDBPyConnection, stage_id: int, move_to: int | None = None, by: int | None = None
    ) -> tuple[int, bool]:
        """Delete a stage; its prospects first go to `move_to`, with history, all in one transaction.

        Refused when the stage holds prospects and no other stage is given. A stage that history
        mentions is kept, retired, so every past move still reads with its name.
        Returns how many prospects moved and whether the stage was kept as retired.
        """
        stage = self.get(stage_id)
        if stage.active and len(self.list()) <= 1:
            raise ValidationError([FieldError("move_to", "settings.error.last_stage")])
        count = self.prospect_count(stage_id)
        if count:
            if move_to is None:
                raise ValidationError([FieldError("move_to", "settings.error.stage_in_use", {"count": count, "name": stage.name})])
            if move_to == stage_id or not self.get(move_to).active:
                raise ValidationError([FieldError("move_to", "settings.error.move_to_invalid")])
            now = datetime.now().replace(microsecond=0)
            conn.execute(
                "INSERT INTO history (prospect_id, changed_at, changed_by, field, old_value, new_value)"
                " SELECT id, ?, ?, 'stage', CAST(stage_id AS VARCHAR), ? FROM prospects WHERE stage_id = ?",
                [now, by, str(move_to), stage_id],
            )
            conn.execute(
                "UPDATE prospects SET stage_id = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE stage_id = ?",
                [move_to, now, by, stage_id],
            )
        mentioned = conn.execute(
            "SELECT count(*) FROM history WHERE field = 'stage' AND (old_value = ? OR new_value = ?)",
            [str(stage_id), str(stage_id)],
        ).fetchall()[0][0]
        if mentioned:
            conn.execute("UPDATE stages SET active = FALSE WHERE id = ?", [stage_id])
        else:
            conn.execute("DELETE FROM stages WHERE id = ?", [stage_id])
        return count, bool(mentioned)


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
        """Add a value to a list (at the end when its position is 0)."""
        _check_kind(choice.kind)
        choice = dataclasses.replace(choice, name=at_the_door(choice.name, "name") or "")
        check(rules.check_choice(choice, self.list(choice.kind, active_only=False)))
        if choice.position <= 0:
            choice = dataclasses.replace(choice, position=_next_position(conn, "choices", choice.kind))
        new_id = conn.execute(
            "INSERT INTO choices (kind, name, position, active) VALUES (?, ?, ?, ?) RETURNING id",
            [choice.kind, choice.name, choice.position, choice.active],
        ).fetchall()[0][0]
        return Choice(new_id, choice.kind, choice.name, choice.position, choice.active)

    @reads
    def get(self, conn: duckdb.DuckDBPyConnection, choice_id: int) -> Choice:
        rows = fetch_dicts(conn.execute("SELECT id, kind, name, position, active FROM choices WHERE id = ?", [choice_id]))
        if not rows:
            raise NotFoundError()
        return Choice(**rows[0])

    @writes
    def update(self, conn: duckdb.DuckDBPyConnection, choice: Choice) -> Choice:
        """Save a value; a new name is written on every prospect (and contact) holding the old one.

        Retiring keeps the value on the records that hold it: it only leaves the choices offered.
        """
        before = self.get(choice.id)
        choice = dataclasses.replace(choice, kind=before.kind, name=at_the_door(choice.name, "name") or "")
        check(rules.check_choice(choice, self.list(choice.kind, active_only=False)))
        conn.execute(
            "UPDATE choices SET name = ?, position = ?, active = ? WHERE id = ?",
            [choice.name, choice.position, choice.active, choice.id],
        )
        if choice.name != before.name:
            for table, column in CHOICE_COLUMNS[choice.kind]:
                conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [choice.name, before.name])
        return choice

    def rename(self, choice_id: int, name: str) -> Choice:
        return self.update(dataclasses.replace(self.get(choice_id), name=name))

    def set_active(self, choice_id: int, active: bool) -> Choice:
        return self.update(dataclasses.replace(self.get(choice_id), active=active))

    @reads
    def usage(self, conn: duckdb.DuckDBPyConnection, kind: str) -> dict[str, int]:
        """How many records hold each value of a list."""
        _check_kind(kind)
        counts: dict[str, int] = {}
        for table, column in CHOICE_COLUMNS[kind]:
            sql = f"SELECT {column}, count(*) FROM {table} WHERE {column} IS NOT NULL GROUP BY {column}"
            for value, count in conn.execute(sql).fetchall():
                counts[value] = counts.get(value, 0) + count
        return counts

    @writes
    def move(self, conn: duckdb.DuckDBPyConnection, choice_id: int, offset: int) -> None:
        kind = self.get(choice_id).kind
        _swap(conn, "choices", [c.id for c in self.list(kind, active_only=False)], choice_id, offset)


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

    @writes
    def set_labels(self, conn: duckdb.DuckDBPyConnection, labels: dict[int, str | None]) -> None:
        """Save every tick box label at once (empty = unused box); prospects keep their ticks by number."""
        check(rules.check_categories(labels))
        for position, label in labels.items():
            self.set_label(position, at_the_door(label, "label"))


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

    @reads
    def get(self, conn: duckdb.DuckDBPyConnection, field_id: int) -> CustomField:
        for custom_field in self.list(active_only=False):
            if custom_field.id == field_id:
                return custom_field
        raise NotFoundError()

    @writes
    def create(self, conn: duckdb.DuckDBPyConnection, custom_field: CustomField) -> CustomField:
        """Add a custom field (at the end when its position is 0)."""
        custom_field = dataclasses.replace(custom_field, label=at_the_door(custom_field.label, "label") or "")
        check(rules.check_custom_field(custom_field, self.list(active_only=False)))
        if custom_field.position <= 0:
            custom_field = dataclasses.replace(custom_field, position=_next_position(conn, "custom_fields"))
        new_id = conn.execute(
            "INSERT INTO custom_fields (label, type, position, active) VALUES (?, ?, ?, ?) RETURNING id",
            [custom_field.label, str(custom_field.type), custom_field.position, custom_field.active],
        ).fetchall()[0][0]
        return CustomField(new_id, custom_field.label, custom_field.type, custom_field.position, custom_field.active)

    @writes
    def update(self, conn: duckdb.DuckDBPyConnection, custom_field: CustomField) -> CustomField:
        """Rename, reorder, retire or retype a field; a type change converts every stored value or is refused."""
        before = self.get(custom_field.id)
        custom_field = dataclasses.replace(custom_field, label=at_the_door(custom_field.label, "label") or "")
        check(rules.check_custom_field(custom_field, self.list(active_only=False)))
        if custom_field.type != before.type:
            self._convert_values(conn, custom_field.id, before.type, FieldType(custom_field.type))
        if not conn.execute(
            "UPDATE custom_fields SET label = ?, type = ?, position = ?, active = ? WHERE id = ? RETURNING id",
            [custom_field.label, str(custom_field.type), custom_field.position, custom_field.active, custom_field.id],
        ).fetchall():
            raise NotFoundError()
        return custom_field

    def _convert_values(self, conn: duckdb.DuckDBPyConnection, field_id: int, old: FieldType, new: FieldType) -> None:
        source, target = VALUE_COLUMNS[old], VALUE_COLUMNS[new]
        rows = conn.execute(
            f"SELECT prospect_id, {source} FROM custom_values WHERE field_id = ? AND {source} IS NOT NULL", [field_id]
        ).fetchall()
        values = [v.date() if isinstance(v, datetime) and new is not FieldType.DATE else v for _, v in rows]
        converted = rules.convert_custom_values(values, old, new)
        conn.execute(f"UPDATE custom_values SET {source} = NULL WHERE field_id = ?", [field_id])
        if not rows:
            return
        frame = pd.DataFrame({"prospect_id": [r[0] for r in rows], "value": converted})
        conn.register("converted_values", frame)
        try:
            conn.execute(
                f"UPDATE custom_values SET {target} = CAST(c.value AS {_SQL_TYPES[new]}) FROM converted_values c"
                " WHERE custom_values.field_id = ? AND custom_values.prospect_id = c.prospect_id",
                [field_id],
            )
        finally:
            conn.unregister("converted_values")

    @reads
    def value_count(self, conn: duckdb.DuckDBPyConnection, field_id: int) -> int:
        return conn.execute(
            "SELECT count(*) FROM custom_values WHERE field_id = ? AND coalesce(value_text, CAST(value_number AS VARCHAR),"
            " CAST(value_date AS VARCHAR), CAST(value_bool AS VARCHAR)) IS NOT NULL",
            [field_id],
        ).fetchall()[0][0]

    @writes
    def move(self, conn: duckdb.DuckDBPyConnection, field_id: int, offset: int) -> None:
        _swap(conn, "custom_fields", [f.id for f in self.list(active_only=False)], field_id, offset)

    def set_active(self, field_id: int, active: bool) -> CustomField:
        """Retire (hide from the More tab; values are kept) or restore a field."""
        return self.update(dataclasses.replace(self.get(field_id), active=active))


_SQL_TYPES = {FieldType.TEXT: "VARCHAR", FieldType.NUMBER: "DOUBLE", FieldType.DATE: "DATE", FieldType.BOOLEAN: "BOOLEAN"}


def _clean_user(user: User) -> User:
    return dataclasses.replace(
        user,
        full_name=at_the_door(user.full_name, "full_name") or "",
        initials=(at_the_door(user.initials, "initials") or "").upper(),
        email=at_the_door(user.email, "email"),
    )


def _next_position(conn: duckdb.DuckDBPyConnection, table: str, kind: str | None = None) -> int:
    sql = f"SELECT coalesce(max(position), 0) + 1 FROM {table}"
    return conn.execute(sql + (" WHERE kind = ?" if kind else ""), [kind] if kind else []).fetchall()[0][0]


def _swap(conn: duckdb.DuckDBPyConnection, table: str, ordered_ids: list[int], item_id: int, offset: int) -> None:
    """Move one row of an ordered list by `offset` places, renumbering the list 1..n."""
    if item_id not in ordered_ids:
        raise NotFoundError()
    ids = list(ordered_ids)
    index = ids.index(item_id)
    target = max(0, min(len(ids) - 1, index + offset))
    ids.insert(target, ids.pop(index))
    for position, row_id in enumerate(ids, start=1):
        conn.execute(f"UPDATE {table} SET position = ? WHERE id = ?", [position, row_id])


def _check_kind(kind: str) -> None:
    if kind not in CHOICE_KINDS:
        raise ValueError(f"unknown list {kind!r}")
