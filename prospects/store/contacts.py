"""The company's main contact file in DuckDB."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from prospects.domain import Contact, fold
from prospects.errors import ConflictError, NotFoundError
from prospects.store.db import Database, reads, writes
from prospects.store.rows import CONTACT_EDITABLE, contact_from_row, fetch_dicts


def _search_blob(contact: Contact) -> str:
    parts = (contact.last_name, contact.first_name, contact.company, contact.email, contact.city)
    return fold(" ".join(p for p in parts if p))


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
                   c.mobile, c.city, c.prospect_id, c.updated_at, c.version
            FROM contacts c WHERE {where}
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
        values["search_text"] = _search_blob(contact)
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
        values["search_text"] = _search_blob(contact)
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
