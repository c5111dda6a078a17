"""The configurable lists (channels, loss reasons, civilities, sectors, client types) and category labels."""

from __future__ import annotations

import dataclasses

import duckdb

from prospects.domain import (
    CHOICE_KINDS,
    MAX_CATEGORIES,
    Choice,
    at_the_door,
    check,
)
from prospects.domain import settings_rules as rules
from prospects.errors import NotFoundError
from prospects.store.db import Database, reads, writes
from prospects.store.ordering import next_position, swap_positions
from prospects.store.rows import fetch_dicts

# Where the values of each list are held: renaming a value renames it there too.
CHOICE_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "channel": (("prospects", "channel"),),
    "loss_reason": (("prospects", "loss_reason"),),
    "civility": (("prospects", "civility"), ("contacts", "civility")),
    "sector": (("prospects", "sector"),),
    "client_type": (("prospects", "client_type"),),
}


class ChoicesRepository:
    """The configurable lists: channels, loss reasons, civilities, sectors, client types."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self, kind: str, active_only: bool = True) -> list[Choice]:
        """The values of one list in their order. Every run of the list, the board and the record asks
        for some: read again only once the data changed (`Database.remembered`)."""
        _check_kind(kind)
        return list(self.db.remembered(("choices", kind, active_only), lambda: self._read(kind, active_only)))

    @reads
    def _read(self, conn: duckdb.DuckDBPyConnection, kind: str, active_only: bool) -> tuple[Choice, ...]:
        sql = "SELECT id, kind, name, position, active FROM choices WHERE kind = ?"
        if active_only:
            sql += " AND active"
        return tuple(Choice(**r) for r in fetch_dicts(conn.execute(sql + " ORDER BY position, id", [kind])))

    def names(self, kind: str, active_only: bool = True) -> list[str]:
        return [c.name for c in self.list(kind, active_only)]

    @writes
    def create(self, conn: duckdb.DuckDBPyConnection, choice: Choice) -> Choice:
        """Add a value to a list (at the end when its position is 0)."""
        _check_kind(choice.kind)
        choice = dataclasses.replace(choice, name=at_the_door(choice.name, "name") or "")
        check(rules.check_choice(choice, self.list(choice.kind, active_only=False)))
        if choice.position <= 0:
            choice = dataclasses.replace(choice, position=next_position(conn, "choices", choice.kind))
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
        swap_positions(conn, "choices", [c.id for c in self.list(kind, active_only=False)], choice_id, offset)


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


def _check_kind(kind: str) -> None:
    if kind not in CHOICE_KINDS:
        raise ValueError(f"unknown list {kind!r}")
