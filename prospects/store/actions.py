"""Follow-up actions of prospects in DuckDB."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from prospects.domain import Action
from prospects.domain.closing import Settle
from prospects.errors import ConflictError, NotFoundError
from prospects.store.db import Database, reads, writes
from prospects.store.rows import ACTION_EDITABLE, action_from_row, fetch_dicts

# The one rule of "still to do": an undone action of a deal still open (alias a for the action, p for
# its prospect). A won or lost deal's leftover actions are nobody's to-do: the agenda, the board's
# colours, the list's next action and every overdue figure read actions through this fragment.
OPEN_DEAL_TODO = "(NOT a.done AND p.status = 'open')"


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


class ActionsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    @reads
    def get(self, conn: duckdb.DuckDBPyConnection, action_id: int) -> Action:
        rows = fetch_dicts(conn.execute("SELECT * FROM actions WHERE id = ?", [action_id]))
        if not rows:
            raise NotFoundError()
        return action_from_row(rows[0])

    @reads
    def for_prospect(self, conn: duckdb.DuckDBPyConnection, prospect_id: int, todo_only: bool = False) -> list[Action]:
        """The actions of one prospect, to do first (earliest due first), then done."""
        sql = "SELECT * FROM actions WHERE prospect_id = ?"
        if todo_only:
            sql += " AND NOT done"
        sql += " ORDER BY done, CASE WHEN done THEN NULL ELSE due_at END ASC, due_at DESC, id"
        return [action_from_row(r) for r in fetch_dicts(conn.execute(sql, [prospect_id]))]

    @reads
    def frame_for_prospect(
        self, conn: duckdb.DuckDBPyConnection, prospect_id: int, todo_only: bool = False
    ) -> pd.DataFrame:
        """The actions of one prospect for a table, with the assignee's initials."""
        sql = (
            "SELECT a.id, a.due_at, a.done, a.important, u.initials AS assignee, a.title, a.notes, a.version"
            " FROM actions a LEFT JOIN users u ON u.id = a.assignee_id WHERE a.prospect_id = ?"
        )
        if todo_only:
            sql += " AND NOT a.done"
        sql += " ORDER BY a.done, CASE WHEN a.done THEN NULL ELSE a.due_at END ASC, a.due_at DESC, a.id"
        return conn.execute(sql, [prospect_id]).df()

    @writes
    def create(self, conn: duckdb.DuckDBPyConnection, action: Action, by: int | None) -> Action:
        if not conn.execute("SELECT count(*) FROM prospects WHERE id = ?", [action.prospect_id]).fetchall()[0][0]:
            raise NotFoundError()
        now = _now()
        values = {c: getattr(action, c) for c in ACTION_EDITABLE}
        if values["done"] and values["done_at"] is None:
            values["done_at"] = now
        names = list(values) + ["created_at", "created_by", "updated_at", "updated_by", "version"]
        new_id = conn.execute(
            f"INSERT INTO actions ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) RETURNING id",
            [*values.values(), now, by, now, by, 1],
        ).fetchall()[0][0]
        return self.get(new_id)

    @writes
    def update(self, conn: duckdb.DuckDBPyConnection, action: Action, by: int | None) -> Action:
        """Save an action read at `action.version`; refuse if someone saved it since."""
        values = {c: getattr(action, c) for c in ACTION_EDITABLE if c != "prospect_id"}
        return self._apply(conn, action.id, values, by, action.version)

    @writes
    def set_done(
        self, conn: duckdb.DuckDBPyConnection, action_id: int, done: bool, by: int | None, expected_version: int | None = None
    ) -> Action:
        return self._apply(conn, action_id, {"done": done}, by, expected_version)

    def _apply(self, conn, action_id, values, by, expected_version) -> Action:  # noqa: ANN001
        current = fetch_dicts(conn.execute("SELECT version, done, done_at FROM actions WHERE id = ?", [action_id]))
        if not current:
            raise NotFoundError()
        before = current[0]
        if expected_version is not None and expected_version != before["version"]:
            raise ConflictError()
        now = _now()
        values = dict(values)
        if "done" in values:
            if values["done"] and not before["done"]:
                values["done_at"] = values.get("done_at") or now
            elif not values["done"]:
                values["done_at"] = None
                values["cancelled_at"] = None  # to do again: no longer a cancelled one
        assignments = ", ".join(f"{k} = ?" for k in values)
        rows = conn.execute(
            f"UPDATE actions SET {assignments}, updated_at = ?, updated_by = ?, version = version + 1"
            " WHERE id = ? AND version = ? RETURNING id",
            [*values.values(), now, by, action_id, before["version"]],
        ).fetchall()
        if not rows:
            raise ConflictError()
        return self.get(action_id)

    @writes
    def settle(self, conn: duckdb.DuckDBPyConnection, prospect_id: int, settle: Settle, by: int | None) -> list[Action]:
        """Tick done, or cancel, every action of a prospect still to do; returns those changed."""
        if settle is Settle.KEEP:
            return []
        now = _now()
        cancelled_at = now if settle is Settle.CANCEL else None
        rows = conn.execute(
            "UPDATE actions SET done = TRUE, done_at = ?, cancelled_at = ?, updated_at = ?, updated_by = ?,"
            " version = version + 1 WHERE prospect_id = ? AND NOT done RETURNING id",
            [now, cancelled_at, now, by, prospect_id],
        ).fetchall()
        return sorted((self.get(r[0]) for r in rows), key=lambda a: (a.due_at, a.id))

    @reads
    def cancelled_for(self, conn: duckdb.DuckDBPyConnection, prospect_id: int) -> list[Action]:
        """The actions of a prospect cancelled when it was closed, earliest due first."""
        rows = fetch_dicts(conn.execute(
            "SELECT * FROM actions WHERE prospect_id = ? AND cancelled_at IS NOT NULL ORDER BY due_at, id", [prospect_id]
        ))
        return [action_from_row(r) for r in rows]

    @writes
    def restore(self, conn: duckdb.DuckDBPyConnection, action_ids: list[int], by: int | None) -> int:
        """Put cancelled actions back on the to-do list (a reopened deal picks its plan up again)."""
        if not action_ids:
            return 0
        now = _now()
        return len(conn.execute(
            "UPDATE actions SET done = FALSE, done_at = NULL, cancelled_at = NULL, updated_at = ?, updated_by = ?,"
            " version = version + 1 WHERE list_contains(?, id) AND cancelled_at IS NOT NULL RETURNING id",
            [now, by, list(action_ids)],
        ).fetchall())

    @writes
    def delete(self, conn: duckdb.DuckDBPyConnection, action_id: int) -> None:
        if not conn.execute("DELETE FROM actions WHERE id = ? RETURNING id", [action_id]).fetchall():
            raise NotFoundError()

    @writes
    def insert_many(self, conn: duckdb.DuckDBPyConnection, actions: list[Action], by: int | None) -> int:
        """Bulk insert through a DataFrame (demo data, benchmarks, imports)."""
        if not actions:
            return 0
        now = _now()
        frame = pd.DataFrame(
            [
                (
                    a.prospect_id, a.title, a.due_at, a.assignee_id, a.done, a.done_at, a.important, a.notes,
                    a.created_at or now, a.created_by or by, a.updated_at or a.created_at or now, a.updated_by or by,
                )
                for a in actions
            ],
            columns=[
                "prospect_id", "title", "due_at", "assignee_id", "done", "done_at", "important", "notes",
                "created_at", "created_by", "updated_at", "updated_by",
            ],
        )
        conn.register("new_actions", frame)
        try:
            columns = ", ".join(frame.columns)
            conn.execute(f"INSERT INTO actions ({columns}) SELECT {columns} FROM new_actions")
        finally:
            conn.unregister("new_actions")
        return len(actions)
