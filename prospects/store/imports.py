"""Import batches in DuckDB: stored identity keys for duplicate checks, bulk creation, undo and saved mappings."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from prospects.domain import Prospect, Status
from prospects.errors import NotFoundError, ProspectsError
from prospects.identity import IdentityKeys
from prospects.store.contacts import ContactsRepository
from prospects.store.db import Database, insert_columns, reads, writes
from prospects.store.identity_keys import KEY_COLUMNS, keys_from_row
from prospects.store.prospects import HISTORY_COLUMNS, ProspectsRepository, _now
from prospects.store.rows import DATE_COLUMNS, fetch_dicts

# The key columns an import reads for the records that share a key with its file (see store/identity_keys.py):
# the file's keys are scanned by DuckDB as Arrow tables, joined to the stored keys (hash joins).
_KNOWN_KEYS_SQL = """
SELECT '{kind}', id, {columns} FROM {table}
WHERE email_key IN (SELECT key FROM wanted_emails) OR phone_key IN (SELECT key FROM wanted_phones)
   OR mobile_key IN (SELECT key FROM wanted_phones) OR name_key IN (SELECT key FROM wanted_names)
   OR (source_keys IS NOT NULL AND list_has_any(source_keys, $sources))
ORDER BY id
"""
_WANTED = ("emails", "phones", "names")
CUSTOM_PREFIX = "custom:"


class BatchAlreadyUndoneError(ProspectsError):
    key = "import.error.already_undone"


def encode_value(value: Any) -> str | None:
    """A field value as JSON text, for the record of what a batch changed."""
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        value = value.isoformat()
    elif isinstance(value, Decimal):
        value = str(value)
    elif isinstance(value, tuple):
        value = list(value)
    return json.dumps(value, ensure_ascii=False)


def decode_value(field: str, text: str | None) -> Any:
    if text is None:
        return None
    value = json.loads(text)
    if value is None:
        return None
    if field in DATE_COLUMNS:
        return date.fromisoformat(value)
    if field == "expected_revenue":
        return Decimal(value)
    if field == "categories":
        return tuple(value)
    return value


def _first_history(ids: list[int], prospects: list[Prospect], by: int | None) -> dict[str, list]:
    """The history lines of new prospects, as columns: each one's stage, then its status when not open."""
    now = _now()
    opened = str(Status.OPEN)
    lines = []
    for prospect_id, prospect in zip(ids, prospects, strict=True):
        when = prospect.created_at or now
        if prospect.stage_id is not None:
            lines.append((prospect_id, when, by, "stage", None, str(prospect.stage_id)))
        if prospect.status != opened:
            lines.append((prospect_id, when, by, "status", opened, str(prospect.status)))
    return {name: list(values) for name, values in zip(HISTORY_COLUMNS, zip(*lines, strict=True), strict=True)} if lines else {}


class ImportsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._prospects = ProspectsRepository(db)
        self._contacts = ContactsRepository(db)

    # -- reading -----------------------------------------------------------

    @writes
    def known_keys(
        self, conn: duckdb.DuckDBPyConnection, emails: set[str], phones: set[str], names: set[str], sources: set[str]
    ) -> list[tuple[str, int, IdentityKeys]]:
        """(kind, id, keys) of the prospects, then the contacts, that share one of these keys: the stored
        keys are read, only for the records an import needs to look at (never the whole base)."""
        self._prospects.fill_identity_keys()
        self._contacts.fill_identity_keys()
        for name, keys in zip(_WANTED, (emails, phones, names), strict=True):
            conn.register(f"wanted_{name}", pa.table({"key": pa.array(list(keys), pa.string())}))
        found: list[tuple[str, int, IdentityKeys]] = []
        try:
            for kind, table in (("prospect", "prospects"), ("contact", "contacts")):
                sql = _KNOWN_KEYS_SQL.format(kind=kind, table=table, columns=", ".join(KEY_COLUMNS))
                rows = conn.execute(sql, {"sources": sorted(sources)}).fetchall()
                found.extend((kind, row[1], keys_from_row(row[2:])) for row in rows)
        finally:
            for name in _WANTED:
                conn.unregister(f"wanted_{name}")
        return found

    @reads
    def batches(self, conn: duckdb.DuckDBPyConnection, limit: int = 50) -> pd.DataFrame:
        """The latest import batches, newest first, with the initials of who imported them."""
        return conn.execute(
            "SELECT b.id, b.file_name, b.imported_at, u.initials AS imported_by, b.channel, b.campaign,"
            " b.created, b.updated, b.skipped, b.rejected, b.undone_at"
            " FROM import_batches b LEFT JOIN users u ON u.id = b.imported_by"
            " ORDER BY b.id DESC LIMIT ?",
            [limit],
        ).df()

    @reads
    def batch(self, conn: duckdb.DuckDBPyConnection, batch_id: int) -> dict[str, Any]:
        rows = fetch_dicts(conn.execute("SELECT * FROM import_batches WHERE id = ?", [batch_id]))
        if not rows:
            raise NotFoundError()
        return rows[0]

    @reads
    def saved_mapping(self, conn: duckdb.DuckDBPyConnection, signature: str) -> tuple[dict, dict] | None:
        """(mapping, value translations) saved for files with these headers, if any."""
        rows = conn.execute(
            "SELECT mapping, translations FROM import_mappings WHERE signature = ?", [signature]
        ).fetchall()
        if not rows:
            return None
        return json.loads(rows[0][0]), json.loads(rows[0][1])

    # -- writing -----------------------------------------------------------

    @writes
    def save_mapping(
        self, conn: duckdb.DuckDBPyConnection, signature: str, headers: list[str], mapping: dict, translations: dict
    ) -> None:
        conn.execute(
            "INSERT INTO import_mappings (signature, headers, mapping, translations, saved_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (signature) DO UPDATE SET mapping = excluded.mapping,"
            " translations = excluded.translations, saved_at = excluded.saved_at",
            [signature, json.dumps(headers, ensure_ascii=False), json.dumps(mapping, ensure_ascii=False),
             json.dumps(translations, ensure_ascii=False), _now()],
        )

    @writes
    def create_batch(
        self, conn: duckdb.DuckDBPyConnection, file_name: str, by: int | None, channel: str | None, campaign: str | None
    ) -> int:
        return conn.execute(
            "INSERT INTO import_batches (file_name, imported_at, imported_by, channel, campaign)"
            " VALUES (?, ?, ?, ?, ?) RETURNING id",
            [file_name, _now(), by, channel, campaign],
        ).fetchall()[0][0]

    @writes
    def set_counts(
        self, conn: duckdb.DuckDBPyConnection, batch_id: int, created: int, updated: int, skipped: int, rejected: int
    ) -> None:
        conn.execute(
            "UPDATE import_batches SET created = ?, updated = ?, skipped = ?, rejected = ? WHERE id = ?",
            [created, updated, skipped, rejected, batch_id],
        )

    @writes
    def create_prospects(
        self, conn: duckdb.DuckDBPyConnection, batch_id: int, prospects: list[Prospect], by: int | None,
        keys: list[IdentityKeys] | None = None,
    ) -> list[int]:
        """Bulk-create a batch's prospects (carrying `batch_id`) with their first history lines, custom values
        and identity keys (`keys`: as the plan computed them, else computed here)."""
        ids = self._prospects.insert_many(prospects, by, keys)
        history = _first_history(ids, prospects, by)
        if history:
            insert_columns(conn, "history", history)
        insert_columns(conn, "import_changes", {"batch_id": [batch_id] * len(ids), "prospect_id": ids})
        return ids

    @writes
    def fill_blanks(
        self, conn: duckdb.DuckDBPyConnection, batch_id: int, prospect_id: int, changes: dict[str, Any], by: int | None
    ) -> None:
        """Fill empty fields of an existing prospect (never erasing anything) and remember the old values."""
        current = self._prospects.get(prospect_id)
        fields = {k: v for k, v in changes.items() if not k.startswith(CUSTOM_PREFIX)}
        custom = {int(k[len(CUSTOM_PREFIX):]): v for k, v in changes.items() if k.startswith(CUSTOM_PREFIX)}
        if fields:
            self._prospects.change(prospect_id, fields, by)
        if custom:
            self._prospects._write_custom(conn, prospect_id, custom)
        old = {**{k: getattr(current, k) for k in fields}, **{f"{CUSTOM_PREFIX}{k}": current.custom.get(k) for k in custom}}
        for name, value in changes.items():
            conn.execute(
                "INSERT INTO import_changes (batch_id, prospect_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?)",
                [batch_id, prospect_id, name, encode_value(old[name]), encode_value(value)],
            )

    @writes
    def undo(self, conn: duckdb.DuckDBPyConnection, batch_id: int, by: int | None) -> tuple[int, int]:
        """Delete the prospects a batch created and put back the fields it filled; returns (deleted, reverted)."""
        batch = self.batch(batch_id)
        if batch["undone_at"] is not None:
            raise BatchAlreadyUndoneError()
        created = [r[0] for r in conn.execute(
            "SELECT prospect_id FROM import_changes WHERE batch_id = ? AND field IS NULL", [batch_id]
        ).fetchall()]
        for table in ("actions", "custom_values", "history", "due_changes"):
            conn.execute(f"DELETE FROM {table} WHERE list_contains(?, prospect_id)", [created])
        conn.execute("DELETE FROM prospects WHERE list_contains(?, id)", [created])
        conn.execute("UPDATE contacts SET prospect_id = NULL WHERE list_contains(?, prospect_id)", [created])
        reverted = 0
        changes = conn.execute(
            "SELECT prospect_id, field, old_value, new_value FROM import_changes"
            " WHERE batch_id = ? AND field IS NOT NULL ORDER BY prospect_id",
            [batch_id],
        ).fetchall()
        for prospect_id, field, old_text, new_text in changes:
            if not conn.execute("SELECT count(*) FROM prospects WHERE id = ?", [prospect_id]).fetchall()[0][0]:
                continue
            current = self._prospects.get(prospect_id)
            if field.startswith(CUSTOM_PREFIX):
                field_id = int(field[len(CUSTOM_PREFIX):])
                if encode_value(current.custom.get(field_id)) == new_text or old_text is None:
                    conn.execute("DELETE FROM custom_values WHERE prospect_id = ? AND field_id = ?", [prospect_id, field_id])
                    reverted += 1
                continue
            # Someone may have edited the field since: their value stays.
            if encode_value(getattr(current, field)) == new_text:
                self._prospects.change(prospect_id, {field: decode_value(field, old_text)}, by)
                reverted += 1
        conn.execute("UPDATE import_batches SET undone_at = ?, undone_by = ? WHERE id = ?", [_now(), by, batch_id])
        return len(created), reverted
