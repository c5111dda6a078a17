"""The audit log: who did what, when and from where. Lines are only ever added."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from prospects.domain.accounts import Viewer
from prospects.store.db import Database, reads, writes


class AuditRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    @writes
    def write(
        self, conn: duckdb.DuckDBPyConnection, viewer: Viewer, event: str, detail: str | None, now: datetime
    ) -> None:
        """Add one line; it joins the use case's transaction, so it exists exactly when the change does."""
        conn.execute(
            "INSERT INTO audit_log (happened_at, user_id, actor, event, detail, address) VALUES (?, ?, ?, ?, ?, ?)",
            [now, viewer.user_id, viewer.name, event, detail, viewer.address],
        )

    @reads
    def failures_since(self, conn: duckdb.DuckDBPyConnection, name: str, since: datetime) -> list[datetime]:
        """When sign-ins with this name failed since `since` (the name as typed, folded)."""
        rows = conn.execute(
            "SELECT happened_at FROM audit_log WHERE event = 'sign_in_failed' AND detail = ? AND happened_at >= ?"
            " ORDER BY happened_at",
            [name, since],
        ).fetchall()
        return [row[0] for row in rows]

    @reads
    def frame(
        self, conn: duckdb.DuckDBPyConnection, since: datetime | None = None, event: str | None = None, limit: int = 1000
    ) -> pd.DataFrame:
        """The newest lines first, optionally from a date and of one event."""
        clauses, params = ["TRUE"], []
        if since is not None:
            clauses.append("happened_at >= ?")
            params.append(since)
        if event:
            clauses.append("event = ?")
            params.append(event)
        return conn.execute(
            "SELECT happened_at, actor, event, detail, address FROM audit_log"
            f" WHERE {' AND '.join(clauses)} ORDER BY happened_at DESC, id DESC LIMIT ?",
            [*params, limit],
        ).df()

    @reads
    def events(self, conn: duckdb.DuckDBPyConnection) -> list[str]:
        return [r[0] for r in conn.execute("SELECT DISTINCT event FROM audit_log ORDER BY event").fetchall()]
