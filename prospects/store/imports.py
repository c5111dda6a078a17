"""Import batches in DuckDB: stored identity keys for duplicate checks, bulk creation, undo and saved mappings."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from prospects.domain import Prospect, Status
from prospects.domain.identity import IdentityKeys, KeyColumns
from prospects.domain.leads import Leads
from prospects.errors import NotFoundError, ProspectsError
from prospects.store.contacts import ContactsRepository
from prospects.store.db import Database, insert_columns, reads, writes
from prospects.store.identity_keys import KEY_COLUMNS, keys_from_row
from prospects.store.prospects import HISTORY_COLUMNS, ProspectsRepository, _now
from prospects.store.rows import DATE_COLUMNS, fetch_dicts, prospect_from_row

# The key columns an import reads for the records that share a key with its file (see store/identity_keys.py):
# the file's keys are scanned by DuckDB as Arrow tables, each semi-joined to the stored keys of its kind
# (hash joins; one join per kind of key, their ids put together, is cheaper than one filter of four ORs). A
# record's two phone keys, one under the other, meet the file's phones in one join (one hash table of them,
# not two: ~6 ms of a badge file's 78,000 phones); the source keys are looked at only when the file has some.
_KNOWN_KEYS_SQL = """
SELECT '{kind}', id, {columns} FROM {table} WHERE id IN (
    SELECT t.id FROM {table} t SEMI JOIN wanted_emails w ON t.email_key = w.key
    UNION ALL SELECT t.id FROM (SELECT id, phone_key AS key FROM {table} UNION ALL SELECT id, mobile_key FROM {table}) t
        SEMI JOIN wanted_phones w ON t.key = w.key
    UNION ALL SELECT t.id FROM {table} t SEMI JOIN wanted_names w ON t.name_key = w.key
    {sources})
ORDER BY id
"""
_KNOWN_SOURCES_SQL = "UNION ALL SELECT id FROM {table} WHERE source_keys IS NOT NULL AND list_has_any(source_keys, $sources)"
_WANTED = ("emails", "phones", "names")
CUSTOM_PREFIX = "custom:"


class BatchAlreadyUndoneError(ProspectsError):
    key = "import.error.already_undone"


@dataclass(frozen=True)
class KeptProspect:
    """A prospect an undo left in place: `reason` is one of the KEPT_* names below; `fields`, for an
    updated prospect, the fields someone changed after the batch (their value stayed)."""

    prospect_id: int
    name: str
    reason: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class UndoResult:
    """What an undo did: prospects deleted, fields put back, and the prospects kept, with why."""

    batch_id: int
    deleted: int
    reverted: int
    kept: list[KeptProspect]


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


def _first_history(ids: list[int], leads: Leads, by: int | None) -> dict[str, list]:
    """The history lines of new prospects, as columns: each one's stage, then its status when not open."""
    now = _now()
    opened = str(Status.OPEN)
    stage_ids, statuses, created = (leads.columns[name] for name in ("stage_id", "status", "created_at"))
    when = [c or now for c in created] if any(created) else [now] * len(ids)
    if None not in stage_ids and statuses.count(opened) == len(statuses):
        # The usual batch: every new prospect open, in a stage: one stage line each, built column by column.
        stages = {s: str(s) for s in set(stage_ids)}
        return {"prospect_id": list(ids), "changed_at": when, "changed_by": [by] * len(ids),
                "field": ["stage"] * len(ids), "old_value": [None] * len(ids),
                "new_value": list(map(stages.__getitem__, stage_ids))}
    lines = []
    for prospect_id, stage_id, status, at in zip(ids, stage_ids, statuses, when, strict=True):
        if stage_id is not None:
            lines.append((prospect_id, at, by, "stage", None, str(stage_id)))
        if status != opened:
            lines.append((prospect_id, at, by, "status", opened, str(status)))
    return {name: list(values) for name, values in zip(HISTORY_COLUMNS, zip(*lines, strict=True), strict=True)} if lines else {}


class ImportsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._prospects = ProspectsRepository(db)
        self._contacts = ContactsRepository(db)

    # -- reading -----------------------------------------------------------

    @writes
    def known_keys(
        self, conn: duckdb.DuckDBPyConnection, emails: Collection[str | None] | pa.Array,
        phones: Collection[str | None] | pa.Array, names: Collection[str | None] | pa.Array, sources: Collection[str],
    ) -> list[tuple[str, int, IdentityKeys]]:
        """(kind, id, keys) of the prospects, then the contacts, that share one of these keys (each collection,
        or Arrow array of texts, may repeat a key or hold None, as a file's key columns do): the stored keys
        are read, only for the records an import needs to look at (never the whole base)."""
        self._prospects.fill_identity_keys()
        self._contacts.fill_identity_keys()
        for name, keys in zip(_WANTED, (emails, phones, names), strict=True):
            array = keys if isinstance(keys, pa.Array) else pa.array(list(keys), pa.string())
            conn.register(f"wanted_{name}", pa.table({"key": array}))
        found: list[tuple[str, int, IdentityKeys]] = []
        try:
            for kind, table in (("prospect", "prospects"), ("contact", "contacts")):
                by_source = _KNOWN_SOURCES_SQL.format(table=table) if sources else ""
                sql = _KNOWN_KEYS_SQL.format(kind=kind, table=table, columns=", ".join(KEY_COLUMNS), sources=by_source)
                rows = conn.execute(sql, {"sources": sorted(sources)} if sources else {}).fetchall()
                found.extend((kind, row[1], keys_from_row(row[2:])) for row in rows)
        finally:
            for name in _WANTED:
                conn.unregister(f"wanted_{name}")
        return found

    @reads
    def batches(self, conn: duckdb.DuckDBPyConnection, limit: int = 50) -> pd.DataFrame:
        """The latest import batches, newest first, with the initials of who imported them (and their id)."""
        return conn.execute(
            "SELECT b.id, b.file_name, b.imported_at, u.initials AS imported_by, b.channel, b.campaign,"
            " b.created, b.updated, b.skipped, b.rejected, b.undone_at, b.imported_by AS imported_by_id"
            " FROM import_batches b LEFT JOIN users u ON u.id = b.imported_by"
            " ORDER BY b.id DESC LIMIT ?",
            [limit],
        ).df()

    def live_batches(self, limit: int = 50) -> list[tuple[int, str, Any]]:
        """(id, file name, imported at) of the latest batches not undone, newest first: the filters' choices,
        asked by every run of the list and the board, so read again only once the data changed
        (`Database.remembered`: an import or an undo, here or in another process, shows at once)."""
        return list(self.db.remembered(("live_batches", limit), lambda: self._live_batches(limit)))

    @reads
    def _live_batches(self, conn: duckdb.DuckDBPyConnection, limit: int) -> tuple[tuple[int, str, Any], ...]:
        return tuple(conn.execute(
            "SELECT id, file_name, imported_at FROM import_batches WHERE undone_at IS NULL ORDER BY id DESC LIMIT ?",
            [limit],
        ).fetchall())

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
        keys: list[IdentityKeys] | KeyColumns | None = None,
    ) -> list[int]:
        """Bulk-create a batch's prospects (`create_leads` of them as columns)."""
        return self.create_leads(batch_id, Leads.of(prospects), by, keys)

    @writes
    def create_leads(
        self, conn: duckdb.DuckDBPyConnection, batch_id: int, leads: Leads, by: int | None,
        keys: list[IdentityKeys] | KeyColumns | None = None,
    ) -> list[int]:
        """Bulk-create a batch's leads (carrying `batch_id`) with their first history lines, custom values
        and identity keys (`keys`: as the plan computed them, else computed here)."""
        ids = self._prospects.insert_leads(leads, by, keys)
        history = _first_history(ids, leads, by)
        if history:
            insert_columns(conn, "history", history)
        insert_columns(conn, "import_changes", {"batch_id": [batch_id] * len(ids), "prospect_id": ids})
        return ids

    @writes
    def fill_blanks(
        self, conn: duckdb.DuckDBPyConnection, batch_id: int, prospect_id: int, changes: dict[str, Any], by: int | None
    ) -> None:
        """Fill empty fields of an existing prospect (never erasing anything) and remember, for undo, each
        field's value before and after, both as the store reads them back (so undo compares like with like)."""
        before = self._prospects.get(prospect_id)
        fields = {k: v for k, v in changes.items() if not k.startswith(CUSTOM_PREFIX)}
        custom = {int(k[len(CUSTOM_PREFIX):]): v for k, v in changes.items() if k.startswith(CUSTOM_PREFIX)}
        if fields:
            self._prospects.change(prospect_id, fields, by)
        if custom:
            self._prospects._write_custom(conn, prospect_id, custom)
        after = self._prospects.get(prospect_id)
        for name in changes:
            conn.execute(
                "INSERT INTO import_changes (batch_id, prospect_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?)",
                [batch_id, prospect_id, name, encode_value(_field_value(before, name)),
                 encode_value(_field_value(after, name))],
            )

    @writes
    def undo(self, conn: duckdb.DuckDBPyConnection, batch_id: int, by: int | None) -> UndoResult:
        """Take a batch back, keeping whatever anyone changed since, in one transaction.

        The prospects it created go, unless someone has edited, moved, given an action to, linked
        to a contact or filled them by a later import since; the fields it filled get their old
        value back where they still hold the value the batch wrote. Kept prospects are listed
        with their reason.
        """
        batch = self.batch(batch_id)
        if batch["undone_at"] is not None:
            raise BatchAlreadyUndoneError()
        created = [r[0] for r in conn.execute(
            "SELECT c.prospect_id FROM import_changes c JOIN prospects p ON p.id = c.prospect_id"
            " WHERE c.batch_id = ? AND c.field IS NULL ORDER BY c.prospect_id", [batch_id]
        ).fetchall()]
        touched = _touched_since(conn, batch_id)
        doomed = [prospect_id for prospect_id in created if prospect_id not in touched]
        if doomed:
            for table in ("custom_values", "history", "due_changes", "actions"):  # actions: the batch's own
                conn.execute(f"DELETE FROM {table} WHERE prospect_id IN (SELECT unnest(?::INTEGER[]))", [doomed])
            conn.execute("DELETE FROM prospects WHERE id IN (SELECT unnest(?::INTEGER[]))", [doomed])
        kept_reasons: dict[int, tuple[str, tuple[str, ...]]] = {i: (touched[i], ()) for i in created if i in touched}
        reverted = 0
        left: dict[int, list[str]] = {}
        changes = conn.execute(
            "SELECT c.prospect_id, c.field, c.old_value, c.new_value FROM import_changes c"
            " JOIN prospects p ON p.id = c.prospect_id"
            " WHERE c.batch_id = ? AND c.field IS NOT NULL ORDER BY c.prospect_id, c.field",
            [batch_id],
        ).fetchall()
        for prospect_id, field, old_text, new_text in changes:
            current = self._prospects.get(prospect_id)
            if encode_value(_field_value(current, field)) != new_text:
                left.setdefault(prospect_id, []).append(field)  # someone changed it since: their value stays
                continue
            old = decode_value(field, old_text)
            if field.startswith(CUSTOM_PREFIX):
                field_id = int(field[len(CUSTOM_PREFIX):])
                conn.execute("DELETE FROM custom_values WHERE prospect_id = ? AND field_id = ?", [prospect_id, field_id])
                self._prospects._write_custom(conn, prospect_id, {field_id: old})
            else:
                self._prospects.change(prospect_id, {field: old}, by)
            reverted += 1
        kept_reasons.update({i: (KEPT_FIELDS, tuple(fields)) for i, fields in left.items()})
        conn.execute("UPDATE import_batches SET undone_at = ?, undone_by = ? WHERE id = ?", [_now(), by, batch_id])
        names = _display_names(conn, list(kept_reasons))
        kept = [KeptProspect(i, names.get(i, str(i)), reason, fields) for i, (reason, fields) in sorted(kept_reasons.items())]
        return UndoResult(batch_id, len(doomed), reverted, kept)


def _field_value(prospect: Prospect, field: str) -> Any:
    """A field of a prospect by its import name (`custom:<id>` for a custom field)."""
    if field.startswith(CUSTOM_PREFIX):
        return prospect.custom.get(int(field[len(CUSTOM_PREFIX):]))
    return getattr(prospect, field)


# Why an undo keeps a prospect the batch created, strongest first (each one a sentence in the catalog).
KEPT_ACTIONS, KEPT_MOVED, KEPT_CONTACT, KEPT_IMPORTED, KEPT_EDITED = "actions", "moved", "contact", "imported", "edited"
KEPT_FIELDS = "fields"  # an updated prospect whose fields someone changed after the batch
_TOUCHED_SQL = """
WITH created AS (
    SELECT prospect_id AS id FROM import_changes WHERE batch_id = $batch AND field IS NULL
), moved AS (
    -- A status or stage line written after the prospect's first ones, those of its import. The import
    -- writes at most one line per field, the prospect's lines next to each other (stage, then status),
    -- and timestamps hold whole seconds: a later time, a second line of a field, or a line beyond the
    -- import's two is a move, even one made within the import's second.
    SELECT DISTINCT prospect_id AS id FROM (
        SELECT prospect_id, id, changed_at,
               first_value(changed_at) OVER w AS first_at, first_value(id) OVER w AS first_id,
               row_number() OVER (PARTITION BY prospect_id, field ORDER BY id) AS nth_of_field
        FROM history WHERE prospect_id IN (SELECT id FROM created)
        WINDOW w AS (PARTITION BY prospect_id ORDER BY id)
    ) WHERE changed_at <> first_at OR nth_of_field > 1 OR id > first_id + 1
)
SELECT c.id, 'actions' AS reason, 1 AS rank FROM actions a JOIN created c ON c.id = a.prospect_id
    -- the actions the batch wrote itself count only once someone has changed them
    WHERE a.version > 1 OR a.id NOT IN (SELECT action_id FROM import_actions WHERE batch_id = $batch)
UNION ALL SELECT id, 'moved', 2 FROM moved
UNION ALL SELECT c.id, 'contact', 3 FROM contacts k JOIN created c ON c.id = k.prospect_id
UNION ALL SELECT c.id, 'contact', 3 FROM promotions m JOIN created c ON c.id = m.prospect_id
UNION ALL SELECT c.id, 'imported', 4 FROM import_changes i JOIN created c ON c.id = i.prospect_id
    JOIN import_batches b ON b.id = i.batch_id
    WHERE i.batch_id <> $batch AND i.field IS NOT NULL AND b.undone_at IS NULL
UNION ALL SELECT p.id, 'edited', 5 FROM prospects p JOIN created c ON c.id = p.id WHERE p.version > 1
"""


def _touched_since(conn: duckdb.DuckDBPyConnection, batch_id: int) -> dict[int, str]:
    """The prospects a batch created that someone has worked on since, each with its strongest reason.

    Any save of a prospect raises its version, which the batch created at 1; actions, history lines
    and contact links are looked up because they live in tables of their own."""
    rows = conn.execute(f"SELECT id, arg_min(reason, rank) FROM ({_TOUCHED_SQL}) GROUP BY id", {"batch": batch_id}).fetchall()
    return dict(rows)


def _display_names(conn: duckdb.DuckDBPyConnection, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = fetch_dicts(conn.execute("SELECT * FROM prospects WHERE id IN (SELECT unnest(?::INTEGER[]))", [ids]))
    return {row["id"]: prospect_from_row(row).display_name for row in rows}
