"""Prospects in DuckDB: records, custom values, history; the paged list is in prospect_list."""

from __future__ import annotations

import operator
from datetime import datetime
from decimal import Decimal
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from prospects.domain import (
    SEARCH_FIELDS,
    FieldType,
    HistoryEntry,
    Prospect,
    ProspectQuery,
    Status,
    coerce_custom_value,
    search_blob,
)
from prospects.domain.identity import IdentityKeys, KeyColumns, keys_of_leads, keys_of_record
from prospects.domain.leads import Leads
from prospects.domain.rules import cents
from prospects.errors import ConflictError, NotFoundError
from prospects.store.auth import visible_to
from prospects.store.db import Database, insert_columns, reads, writes
from prospects.store.identity_keys import KEY_COLUMNS, default_country, fill_missing, key_columns, key_values
from prospects.store.prospect_list import ProspectPage, list_page
from prospects.store.rows import (
    PROSPECT_COLUMNS,
    PROSPECT_EDITABLE,
    as_date,
    fetch_dicts,
    prospect_from_row,
    prospect_values,
)
from prospects.store.search_texts import search_text_later

HISTORY_COLUMNS = ("prospect_id", "changed_at", "changed_by", "field", "old_value", "new_value")
_HISTORY_FIELDS = operator.attrgetter(*HISTORY_COLUMNS)
# What a Prospect is built from: its own columns, not the derived ones (search text, identity keys), which
# only the search and the duplicate checks read. Fewer columns, a faster read of one row.
_PROSPECT_SELECT = ", ".join(("id", *PROSPECT_COLUMNS))
# The fields the identity keys are computed from (`keys_of_record` reads these and nothing else): an update
# that changes none of them keeps its keys, and reads no default country to recompute them.
# tests/store/test_derived_columns.py holds this list to the rule, over generated updates of every field.
_KEY_INPUTS = frozenset(
    ("first_name", "last_name", "company", "email", "phone", "mobile", "country", "website", "external_ref")
)


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


class ProspectsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reading -----------------------------------------------------------

    @reads
    def get(self, conn: duckdb.DuckDBPyConnection, prospect_id: int) -> Prospect:
        visible, params = visible_to("p")  # another rep's prospect reads as not found
        rows = fetch_dicts(conn.execute(
            f"SELECT {_PROSPECT_SELECT} FROM prospects p WHERE id = ? AND {visible}", [prospect_id, *params]
        ))
        if not rows:
            raise NotFoundError()
        return prospect_from_row(rows[0], self._custom_values(conn, prospect_id))

    def _custom_values(self, conn: duckdb.DuckDBPyConnection, prospect_id: int) -> dict[int, Any]:
        # A base without custom fields (most) has no value to look for: known without a query once
        # remembered, outside a transaction (inside one, no data version: the values are read as they are).
        if self.db.data_version() is not None and not self.db.remembered(
            ("any_custom_field",), lambda: conn.execute("SELECT count(*) > 0 FROM custom_fields").fetchall()[0][0]
        ):
            return {}
        rows = conn.execute(
            "SELECT v.field_id, f.type, v.value_text, v.value_number, v.value_date, v.value_bool"
            " FROM custom_values v JOIN custom_fields f ON f.id = v.field_id WHERE v.prospect_id = ?",
            [prospect_id],
        ).fetchall()
        column = {"text": 2, "number": 3, "date": 4, "boolean": 5}
        return {r[0]: r[column[r[1]]] for r in rows}

    @reads
    def exists(self, conn: duckdb.DuckDBPyConnection, prospect_id: int) -> bool:
        return conn.execute("SELECT count(*) FROM prospects WHERE id = ?", [prospect_id]).fetchall()[0][0] > 0

    @reads
    def count(self, conn: duckdb.DuckDBPyConnection) -> int:
        return conn.execute("SELECT count(*) FROM prospects").fetchall()[0][0]

    @reads
    def history(self, conn: duckdb.DuckDBPyConnection, prospect_id: int) -> list[HistoryEntry]:
        rows = fetch_dicts(
            conn.execute(
                "SELECT id, prospect_id, changed_at, changed_by, field, old_value, new_value"
                " FROM history WHERE prospect_id = ? ORDER BY changed_at, id",
                [prospect_id],
            )
        )
        return [HistoryEntry(**r) for r in rows]

    @reads
    def history_frame(self, conn: duckdb.DuckDBPyConnection, prospect_id: int) -> pd.DataFrame:
        """History with stage names and authors' initials, newest first, for display."""
        return conn.execute(
            """
            SELECT h.changed_at, u.initials AS changed_by, h.field,
                   CASE WHEN h.field = 'stage' THEN so.name ELSE h.old_value END AS old_value,
                   CASE WHEN h.field = 'stage' THEN sn.name ELSE h.new_value END AS new_value
            FROM history h
            LEFT JOIN users u ON u.id = h.changed_by
            LEFT JOIN stages so ON h.field = 'stage' AND CAST(so.id AS VARCHAR) = h.old_value
            LEFT JOIN stages sn ON h.field = 'stage' AND CAST(sn.id AS VARCHAR) = h.new_value
            WHERE h.prospect_id = ?
            ORDER BY h.changed_at DESC, h.id DESC
            """,
            [prospect_id],
        ).df()

    @reads
    def list(self, conn: duckdb.DuckDBPyConnection, query: ProspectQuery) -> ProspectPage:
        """Filter, sort and page in DuckDB; each row carries its next action."""
        return list_page(conn, query)

    @writes
    def create(self, conn: duckdb.DuckDBPyConnection, prospect: Prospect, by: int | None) -> Prospect:
        """Insert a prospect with its custom values; its first stage and status go to history."""
        now = _now()
        values = prospect_values(prospect)
        values["search_text"] = search_blob(prospect)
        values.update(key_values(keys_of_record(prospect, default_country(conn))))
        names = list(values) + ["created_at", "created_by", "updated_at", "updated_by", "version"]
        row_id = conn.execute(
            f"INSERT INTO prospects ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) RETURNING id",
            [*values.values(), now, by, now, by, 1],
        ).fetchall()[0][0]
        if prospect.stage_id is not None:
            _record(conn, row_id, now, by, "stage", None, prospect.stage_id)
        if prospect.status is not Status.OPEN:
            _record(conn, row_id, now, by, "status", None, str(prospect.status))
        self._write_custom(conn, row_id, prospect.custom)
        return self._written(conn, row_id)

    @writes
    def update(self, conn: duckdb.DuckDBPyConnection, prospect: Prospect, by: int | None) -> Prospect:
        """Save every field of a prospect read at `prospect.version`; refuse if it changed since."""
        changes = prospect_values(prospect)
        row = self._apply(conn, prospect.id, changes, by, prospect.version)
        self._write_custom(conn, prospect.id, prospect.custom, replace=True)
        return self._saved(conn, row)

    @writes
    def change(
        self,
        conn: duckdb.DuckDBPyConnection,
        prospect_id: int,
        changes: dict[str, Any],
        by: int | None,
        expected_version: int | None = None,
    ) -> Prospect:
        """Save some fields only (a card moved, a batch filling blanks), with history and version check."""
        return self._saved(conn, self._apply(conn, prospect_id, changes, by, expected_version))

    def _saved(self, conn: duckdb.DuckDBPyConnection, row: dict[str, Any]) -> Prospect:
        """The prospect as a write left it, from the row its UPDATE returned. Not read again through the
        rule of who sees what: the write itself was allowed (a rep edits only what they see), and a rep who
        hands the prospect to another rep no longer sees it, but is told who follows it now."""
        return prospect_from_row(row, self._custom_values(conn, row["id"]))

    def _written(self, conn: duckdb.DuckDBPyConnection, row_id: int) -> Prospect:
        """A prospect just created, as stored (a rep may create one for a colleague: see `_saved`)."""
        rows = fetch_dicts(conn.execute(f"SELECT {_PROSPECT_SELECT} FROM prospects p WHERE id = ?", [row_id]))
        return prospect_from_row(rows[0], self._custom_values(conn, row_id))

    def _apply(
        self,
        conn: duckdb.DuckDBPyConnection,
        prospect_id: int,
        changes: dict[str, Any],
        by: int | None,
        expected_version: int | None,
    ) -> dict[str, Any]:
        """Write `changes` with their history; returns the prospect's columns as stored (no second read)."""
        unknown = set(changes) - set(PROSPECT_EDITABLE)
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        visible, params = visible_to("p")  # a rep edits only what they may see
        current = fetch_dicts(conn.execute(
            f"SELECT {_PROSPECT_SELECT}, search_text, {', '.join(KEY_COLUMNS)}, keys_ready"
            f" FROM prospects p WHERE id = ? AND {visible}",
            [prospect_id, *params],
        ))
        if not current:
            raise NotFoundError()
        before = current[0]
        if expected_version is not None and before["version"] != expected_version:
            raise _conflict(conn, before)
        now = _now()
        values = dict(changes)
        if "status" in values:
            values["status"] = str(values["status"])
        if "categories" in values:
            values["categories"] = list(values["categories"])
        values.update(_derived_changes(conn, before, changes))
        assignments = ", ".join(f"{name} = ?" for name in values)
        updated = fetch_dicts(conn.execute(
            f"UPDATE prospects SET {assignments}, updated_at = ?, updated_by = ?, version = version + 1"
            f" WHERE id = ? AND version = ? RETURNING {_PROSPECT_SELECT}",
            [*values.values(), now, by, prospect_id, before["version"]],
        ))
        if not updated:
            raise _conflict(conn, before)
        if "stage_id" in changes and changes["stage_id"] != before["stage_id"]:
            _record(conn, prospect_id, now, by, "stage", before["stage_id"], changes["stage_id"])
        if "status" in changes and str(changes["status"]) != before["status"]:
            _record(conn, prospect_id, now, by, "status", before["status"], str(changes["status"]))
        if "project_due" in changes and as_date(changes["project_due"]) != as_date(before["project_due"]):
            # Kept apart from `history` (whose CHECK allows status and stage only): slipped close dates.
            conn.execute(
                "INSERT INTO due_changes (prospect_id, changed_at, changed_by, old_due, new_due) VALUES (?, ?, ?, ?, ?)",
                [prospect_id, now, by, as_date(before["project_due"]), as_date(changes["project_due"])],
            )
        return updated[0]

    def _write_custom(
        self, conn: duckdb.DuckDBPyConnection, prospect_id: int, custom: dict[int, Any], replace: bool = False
    ) -> None:
        if replace:
            conn.execute("DELETE FROM custom_values WHERE prospect_id = ?", [prospect_id])
        if not custom:
            return
        types = dict(conn.execute("SELECT id, type FROM custom_fields").fetchall())
        for field_id, raw in custom.items():
            if field_id not in types:
                continue
            kind = FieldType(types[field_id])
            value = coerce_custom_value(kind, raw)
            if value is None:
                continue
            conn.execute(
                "INSERT INTO custom_values (prospect_id, field_id, value_text, value_number, value_date, value_bool)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    prospect_id,
                    field_id,
                    value if kind is FieldType.TEXT else None,
                    value if kind is FieldType.NUMBER else None,
                    value if kind is FieldType.DATE else None,
                    value if kind is FieldType.BOOLEAN else None,
                ],
            )

    @writes
    def fill_identity_keys(self, conn: duckdb.DuckDBPyConnection) -> int:
        """Give their identity keys to the prospects that have none yet (after migration 006)."""
        return fill_missing(conn, "prospects", prospect_from_row)

    @writes
    def delete(self, conn: duckdb.DuckDBPyConnection, prospect_id: int) -> None:
        """Remove a prospect with its actions, custom values and history."""
        for table in ("actions", "custom_values", "history", "due_changes"):
            conn.execute(f"DELETE FROM {table} WHERE prospect_id = ?", [prospect_id])
        if not conn.execute("DELETE FROM prospects WHERE id = ? RETURNING id", [prospect_id]).fetchall():
            raise NotFoundError()

    @writes
    def delete_all(self, conn: duckdb.DuckDBPyConnection) -> int:
        """Wipe every prospect with its actions and history; the main contacts stay."""
        count = conn.execute("SELECT count(*) FROM prospects").fetchall()[0][0]
        for table in ("actions", "custom_values", "history", "due_changes", "prospects"):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("UPDATE contacts SET prospect_id = NULL WHERE prospect_id IS NOT NULL")
        return count

    @writes
    def insert_many(
        self, conn: duckdb.DuckDBPyConnection, prospects: list[Prospect], by: int | None,
        keys: list[IdentityKeys] | KeyColumns | None = None,
    ) -> list[int]:
        """Bulk insert with custom values and identity keys (`insert_leads` of the prospects as columns)."""
        return self.insert_leads(Leads.of(prospects), by, keys)

    @writes
    def insert_leads(
        self, conn: duckdb.DuckDBPyConnection, leads: Leads, by: int | None, keys: list[IdentityKeys] | KeyColumns | None = None,
    ) -> list[int]:
        """Bulk insert with custom values and identity keys, column by column through Arrow (row-by-row
        inserts take minutes at 100k; this takes a fraction of a second for 50,000 leads). `keys`: the
        identity keys of the leads when the caller already computed them (an import)."""
        count = len(leads)
        if not count:
            return []
        now = _now()
        given = leads.columns
        columns = {name: given[name] for name in PROSPECT_EDITABLE}
        columns["expected_revenue"] = _cents_column(given["expected_revenue"])
        # The searched fields go to Arrow once: for their search text, then as they are, for the INSERT. The
        # search texts are computed on a thread while the other columns are made ready (`search_text_later`).
        columns.update({name: pa.array(columns[name], pa.string()) for name in SEARCH_FIELDS})
        columns["search_text"] = search_text_later([columns[name] for name in SEARCH_FIELDS])
        columns.update(key_columns(keys if keys is not None else keys_of_leads(leads, default_country(conn))))
        columns["keys_ready"] = [True] * count
        columns["created_at"] = _or_column(given["created_at"], now)
        columns["updated_at"] = _or_column(given["updated_at"], now)
        columns["created_by"] = _or_column(given["created_by"], by)
        columns["updated_by"] = [u or c or by for u, c in zip(given["updated_by"], given["created_by"], strict=True)] \
            if any(given["updated_by"]) or any(given["created_by"]) else [by] * count
        start = conn.execute("SELECT nextval('prospect_id_seq')").fetchall()[0][0]
        ids = list(range(start, start + count))
        insert_columns(conn, "prospects", {"id": ids, **columns})
        _advance_sequence(conn, "prospect_id_seq", ids[-1])
        self._insert_custom_many(conn, ids, given["custom"])
        return ids

    def _insert_custom_many(self, conn: duckdb.DuckDBPyConnection, ids: list[int], customs: list[dict[int, Any]]) -> None:
        if not any(customs):
            return
        types = {k: FieldType(v) for k, v in conn.execute("SELECT id, type FROM custom_fields").fetchall()}
        rows = []
        for new_id, custom in zip(ids, customs, strict=True):
            for field_id, raw in custom.items():
                if field_id not in types:
                    continue
                value = coerce_custom_value(types[field_id], raw)
                if value is None:
                    continue
                kind = types[field_id]
                rows.append((new_id, field_id, value if kind is FieldType.TEXT else None,
                             value if kind is FieldType.NUMBER else None,
                             value if kind is FieldType.DATE else None,
                             value if kind is FieldType.BOOLEAN else None))
        if not rows:
            return
        frame = pd.DataFrame(rows, columns=["prospect_id", "field_id", "value_text", "value_number", "value_date", "value_bool"])
        frame = frame.astype({"value_text": object, "value_number": "Float64", "value_bool": "boolean"})
        frame["value_date"] = pd.to_datetime(frame["value_date"])
        conn.register("new_custom_values", frame)
        try:
            conn.execute(
                "INSERT INTO custom_values SELECT prospect_id, field_id, value_text, value_number,"
                " CAST(value_date AS DATE), value_bool FROM new_custom_values"
            )
        finally:
            conn.unregister("new_custom_values")

    @writes
    def insert_history(self, conn: duckdb.DuckDBPyConnection, entries: list[HistoryEntry]) -> None:
        """Bulk insert of history entries (demo data, benchmarks)."""
        if entries:
            columns = zip(*map(_HISTORY_FIELDS, entries), strict=True)
            insert_columns(conn, "history", dict(zip(HISTORY_COLUMNS, map(list, columns), strict=True)))


def _cents_column(values: list[Any]) -> list[Any]:
    """`_cents` of each amount; a column without any amount (most badge files) as it is."""
    return list(map(_cents, values)) if values.count(None) != len(values) else values  # count: a C loop


def _or_column(values: list[Any], default: Any) -> list[Any]:
    """Each value, else `default`: a batch's new leads carry no creation time nor author of their own."""
    if not any(values):
        return [default] * len(values)
    return [value or default for value in values]


def _cents(value: Any) -> Decimal | None:
    """An amount as DECIMAL(14, 2) keeps it (`domain.rules.cents`; Arrow refuses to round silently)."""
    if value is None or (isinstance(value, Decimal) and value.as_tuple().exponent >= -2):
        return value
    return cents(value)


def _advance_sequence(conn: duckdb.DuckDBPyConnection, sequence: str, last_id: int) -> None:
    # DuckDB has no setval: draw values until the sequence passes the bulk-inserted ids (their largest
    # read back, not each of them: 50,000 rows fetched took ~15 ms).
    current = conn.execute(f"SELECT currval('{sequence}')").fetchall()[0][0]
    if current < last_id:
        conn.execute(f"SELECT max(nextval('{sequence}')) FROM range(?)", [last_id - current]).fetchall()


def _derived_changes(conn: duckdb.DuckDBPyConnection, before: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The derived columns (search text, identity keys) an update must write: those whose fresh value,
    computed from the prospect as it will be, differs from the stored one. The keys are computed only
    when one of their fields changes (or the row has none yet): a stage or status change writes neither."""
    after = prospect_from_row({**before, **changes})
    fresh = {"search_text": search_blob(after)}
    if not before["keys_ready"] or any(changes[name] != before[name] for name in _KEY_INPUTS.intersection(changes)):
        fresh.update(key_values(keys_of_record(after, default_country(conn))))
    return {name: value for name, value in fresh.items() if value != before[name]}


def _record(
    conn: duckdb.DuckDBPyConnection,
    prospect_id: int,
    when: datetime,
    by: int | None,
    field: str,
    old: Any,
    new: Any,
) -> None:
    conn.execute(
        "INSERT INTO history (prospect_id, changed_at, changed_by, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)",
        [prospect_id, when, by, field, None if old is None else str(old), None if new is None else str(new)],
    )


def _conflict(conn: duckdb.DuckDBPyConnection, current: dict[str, Any]) -> ConflictError:
    who = conn.execute("SELECT full_name FROM users WHERE id = ?", [current["updated_by"]]).fetchall()
    who = who[0] if who else None
    return ConflictError(
        None,
        who=who[0] if who else "?",
        when=current["updated_at"].strftime("%H:%M:%S") if current.get("updated_at") else "?",
    )
