"""What the batch of a file was given last time (channel, campaign, owner), per shape of file."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb

from prospects.store.db import Database, reads, writes
from prospects.store.rows import fetch_dicts


class ImportShapesRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    @reads
    def get(self, conn: duckdb.DuckDBPyConnection, shape: str) -> dict[str, Any] | None:
        """{channel, campaign, owner_id} given to the last batch of a file of this shape, if any."""
        rows = fetch_dicts(conn.execute(
            "SELECT channel, campaign, owner_id FROM import_shapes WHERE shape = ?", [shape]))
        return rows[0] if rows else None

    @writes
    def remember(
        self, conn: duckdb.DuckDBPyConnection, shape: str, channel: str | None, campaign: str | None, owner_id: int | None,
    ) -> None:
        conn.execute(
            "INSERT INTO import_shapes (shape, channel, campaign, owner_id, saved_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (shape) DO UPDATE SET channel = excluded.channel, campaign = excluded.campaign,"
            " owner_id = excluded.owner_id, saved_at = excluded.saved_at",
            [shape, channel, campaign, owner_id, datetime.now().replace(microsecond=0)],
        )
