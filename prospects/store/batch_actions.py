"""The actions an import batch wrote for its prospects (a file's next step, or one first action for
them all), remembered per batch so that its undo takes them back with the prospects."""

from __future__ import annotations

from datetime import datetime

import duckdb

from prospects.domain import Action
from prospects.store.db import Database, insert_columns, reads, writes


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


class BatchActionsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    @reads
    def created_prospects(self, conn: duckdb.DuckDBPyConnection, batch_id: int) -> list[int]:
        """The prospects a batch created that still exist, in the order it created them."""
        return [row[0] for row in conn.execute(
            "SELECT c.prospect_id FROM import_changes c JOIN prospects p ON p.id = c.prospect_id"
            " WHERE c.batch_id = ? AND c.field IS NULL ORDER BY c.prospect_id", [batch_id]
        ).fetchall()]

    @writes
    def create(self, conn: duckdb.DuckDBPyConnection, batch_id: int, actions: list[Action], by: int | None) -> list[int]:
        """Write actions (checked by the caller) in one statement and remember them as the batch's;
        returns their ids. Thousands of prospects get theirs in one go, not one INSERT each."""
        if not actions:
            return []
        ids = [row[0] for row in conn.execute(
            "SELECT nextval('action_id_seq') FROM range(?)", [len(actions)]).fetchall()]
        now = _now()
        insert_columns(conn, "actions", {
            "id": ids, "prospect_id": [a.prospect_id for a in actions], "title": [a.title for a in actions],
            "due_at": [a.due_at for a in actions], "assignee_id": [a.assignee_id for a in actions],
            "done": [False] * len(ids), "important": [a.important for a in actions], "notes": [a.notes for a in actions],
            "created_at": [now] * len(ids), "created_by": [by] * len(ids), "updated_at": [now] * len(ids),
            "updated_by": [by] * len(ids), "version": [1] * len(ids),
        })
        insert_columns(conn, "import_actions", {"batch_id": [batch_id] * len(ids), "action_id": ids,
                                                "prospect_id": [a.prospect_id for a in actions]})
        return ids
