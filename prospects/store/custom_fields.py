"""Custom fields: their definitions, and converting stored values when a field changes type."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import duckdb
import pandas as pd

from prospects.domain import (
    CustomField,
    FieldType,
    at_the_door,
    check,
)
from prospects.domain import settings_rules as rules
from prospects.errors import NotFoundError
from prospects.store.db import Database, reads, writes
from prospects.store.ordering import next_position, swap_positions
from prospects.store.rows import fetch_dicts

# The column of custom_values that holds each type.
VALUE_COLUMNS = {
    FieldType.TEXT: "value_text",
    FieldType.NUMBER: "value_number",
    FieldType.DATE: "value_date",
    FieldType.BOOLEAN: "value_bool",
}


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
            custom_field = dataclasses.replace(custom_field, position=next_position(conn, "custom_fields"))
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
        swap_positions(conn, "custom_fields", [f.id for f in self.list(active_only=False)], field_id, offset)

    def set_active(self, field_id: int, active: bool) -> CustomField:
        """Retire (hide from the More tab; values are kept) or restore a field."""
        return self.update(dataclasses.replace(self.get(field_id), active=active))


_SQL_TYPES = {FieldType.TEXT: "VARCHAR", FieldType.NUMBER: "DOUBLE", FieldType.DATE: "DATE", FieldType.BOOLEAN: "BOOLEAN"}
