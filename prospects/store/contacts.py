"""The company's main contact file in DuckDB."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from prospects.domain import Contact, fold, search_blob
from prospects.domain.contacts import Match, contact_label
from prospects.domain.identity import KeyKind, decide, keys_of_record
from prospects.errors import ConflictError, NotFoundError
from prospects.store.db import Database, reads, writes
from prospects.store.identity_keys import KEY_COLUMNS, default_country, fill_missing, key_values, keys_from_row
from prospects.store.rows import CONTACT_EDITABLE, contact_from_row, fetch_dicts


class ContactsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    @reads
    def get(self, conn: duckdb.DuckDBPyConnection, contact_id: int) -> Contact:
        rows = fetch_dicts(conn.execute("SELECT * FROM contacts WHERE id = ?", [contact_id]))
        if not rows:
            raise NotFoundError()
        return contact_from_row(rows[0])

    @reads
    def list(
        self, conn: duckdb.DuckDBPyConnection, text: str | None = None, limit: int = 50, offset: int = 0
    ) -> tuple[pd.DataFrame, int]:
        """A page of contacts matching the words of `text` (case and accents ignored), and the total."""
        clauses, params = ["TRUE"], []
        for word in fold(text or "").split():
            clauses.append("contains(c.search_text, ?)")
            params.append(word)
        where = " AND ".join(clauses)
        total = conn.execute(f"SELECT count(*) FROM contacts c WHERE {where}", params).fetchall()[0][0]
        rows = conn.execute(
            f"""
            SELECT c.id, c.civility, c.last_name, c.first_name, c.company, c.job_title, c.email, c.phone,
                   c.mobile, c.city, c.prospect_id,
                   coalesce(nullif(trim(concat_ws(' ', p.first_name, p.last_name)), ''), p.company, p.email) AS prospect,
                   c.updated_at, c.version
            FROM contacts c LEFT JOIN prospects p ON p.id = c.prospect_id
            WHERE {where}
            ORDER BY lower(coalesce(c.last_name, c.company, '')), c.id
            LIMIT ? OFFSET ?
            """,
            [*params, limit, offset],
        ).df()
        return rows, int(total)

    @reads
    def all(self, conn: duckdb.DuckDBPyConnection) -> list[Contact]:
        return [contact_from_row(r) for r in fetch_dicts(conn.execute("SELECT * FROM contacts ORDER BY id"))]

    @writes
    def create(self, conn: duckdb.DuckDBPyConnection, contact: Contact, by: int | None) -> Contact:
        now = datetime.now().replace(microsecond=0)
        values = {c: getattr(contact, c) for c in CONTACT_EDITABLE}
        values["search_text"] = search_blob(contact)
        values.update(key_values(keys_of_record(contact, default_country(conn))))
        names = list(values) + ["created_at", "created_by", "updated_at", "updated_by", "version"]
        new_id = conn.execute(
            f"INSERT INTO contacts ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) RETURNING id",
            [*values.values(), now, by, now, by, 1],
        ).fetchall()[0][0]
        return self.get(new_id)

    @writes
    def update(self, conn: duckdb.DuckDBPyConnection, contact: Contact, by: int | None) -> Contact:
        now = datetime.now().replace(microsecond=0)
        values = {c: getattr(contact, c) for c in CONTACT_EDITABLE}
        values["search_text"] = search_blob(contact)
        values.update(key_values(keys_of_record(contact, default_country(conn))))
        assignments = ", ".join(f"{k} = ?" for k in values)
        rows = conn.execute(
            f"UPDATE contacts SET {assignments}, updated_at = ?, updated_by = ?, version = version + 1"
            " WHERE id = ? AND version = ? RETURNING id",
            [*values.values(), now, by, contact.id, contact.version],
        ).fetchall()
        if not rows:
            if not conn.execute("SELECT count(*) FROM contacts WHERE id = ?", [contact.id]).fetchall()[0][0]:
                raise NotFoundError()
            raise ConflictError()
        return self.get(contact.id)

    @writes
    def delete(self, conn: duckdb.DuckDBPyConnection, contact_id: int) -> None:
        if not conn.execute("DELETE FROM contacts WHERE id = ? RETURNING id", [contact_id]).fetchall():
            raise NotFoundError()

    # -- duplicates and promotions ---------------------------------------------

    @writes
    def find_duplicate(self, conn: duckdb.DuckDBPyConnection, candidate: Contact, exclude_id: int | None = None) -> Match | None:
        """The existing contact that is the same person as `candidate` by the identity rule, if any:
        the contacts sharing one of its stored keys are read, `identity.decide` judges them."""
        self.fill_identity_keys()
        keys = keys_of_record(candidate, default_country(conn))
        rows = conn.execute(
            f"SELECT id, {', '.join(KEY_COLUMNS)} FROM contacts WHERE id IS DISTINCT FROM ?"
            " AND (email_key = ? OR list_contains(?, phone_key) OR list_contains(?, mobile_key) OR name_key = ?"
            " OR list_has_any(source_keys, ?)) ORDER BY id",
            [exclude_id, keys.email, list(keys.phones), list(keys.phones), keys.name, list(keys.sources)],
        ).fetchall()
        decision = decide(keys, ((row[0], keys_from_row(row[1:])) for row in rows))
        if decision is None or not decision.same:
            return None
        found = self.get(decision.record)
        return Match(found.id, _REASONS[decision.kind], contact_label(found))

    @writes
    def fill_identity_keys(self, conn: duckdb.DuckDBPyConnection) -> int:
        """Give their identity keys to the contacts that have none yet (after migrations 002 and 006)."""
        return fill_missing(conn, "contacts", contact_from_row)

    @writes
    def log_promotion(
        self, conn: duckdb.DuckDBPyConnection, prospect_id: int, contact_id: int, direction: str, by: int | None
    ) -> None:
        """Record who copied which record, and when (shown on the prospect record)."""
        conn.execute(
            "INSERT INTO promotions (prospect_id, contact_id, direction, promoted_at, promoted_by) VALUES (?, ?, ?, ?, ?)",
            [prospect_id, contact_id, direction, datetime.now().replace(microsecond=0), by],
        )

    @reads
    def promotions_frame(self, conn: duckdb.DuckDBPyConnection, prospect_id: int) -> pd.DataFrame:
        """The promotions of one prospect, newest first: when, who, direction, which contact."""
        return conn.execute(
            """
            SELECT m.promoted_at, u.initials AS promoted_by, m.direction, m.contact_id,
                   trim(concat_ws(' ', c.first_name, c.last_name, CASE WHEN c.company IS NOT NULL
                        THEN '(' || c.company || ')' END)) AS contact
            FROM promotions m
            LEFT JOIN users u ON u.id = m.promoted_by
            LEFT JOIN contacts c ON c.id = m.contact_id
            WHERE m.prospect_id = ?
            ORDER BY m.promoted_at DESC, m.id DESC
            """,
            [prospect_id],
        ).df()

    @reads
    def linked_prospects(self, conn: duckdb.DuckDBPyConnection, contact_ids: list[int]) -> dict[int, int]:
        """For these contacts, the prospect already linked to each (contact id -> prospect id)."""
        rows = conn.execute(
            "SELECT contact_id, min(id) FROM prospects WHERE list_contains(?, contact_id) GROUP BY contact_id",
            [list(contact_ids)],
        ).fetchall()
        return {contact_id: prospect_id for contact_id, prospect_id in rows}

    @writes
    def forget_prospects(self, conn: duckdb.DuckDBPyConnection) -> None:
        """After Delete all: the contacts stay, their links and the promotion log of the prospects go."""
        conn.execute("DELETE FROM promotions")
        conn.execute("UPDATE contacts SET prospect_id = NULL WHERE prospect_id IS NOT NULL")


# The words of "contacts.reason.*" naming the key a duplicate was found by.
_REASONS = {KeyKind.EMAIL: "email", KeyKind.SOURCE: "source", KeyKind.PHONE: "phone", KeyKind.NAME: "name_company"}
