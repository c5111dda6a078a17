"""What a full backup holds besides the exported prospects: every action and every history entry."""

from __future__ import annotations

import duckdb
import pandas as pd

from prospects.store.db import Database, reads


class BackupRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    @reads
    def actions_frame(self, conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
        """Every action, with its assignee's and authors' initials, by prospect then due time."""
        return conn.execute(
            """
            SELECT a.id, a.prospect_id, a.title, a.due_at, ua.initials AS assignee, a.done, a.done_at,
                   a.important, a.notes, a.created_at, uc.initials AS created_by, a.updated_at,
                   uu.initials AS updated_by
            FROM actions a
            LEFT JOIN users ua ON ua.id = a.assignee_id
            LEFT JOIN users uc ON uc.id = a.created_by
            LEFT JOIN users uu ON uu.id = a.updated_by
            ORDER BY a.prospect_id, a.due_at, a.id
            """
        ).df()

    @reads
    def history_frame(self, conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
        """Every change of status or stage, with stage names rather than ids."""
        return conn.execute(
            """
            SELECT h.id, h.prospect_id, h.changed_at, u.initials AS changed_by, h.field,
                   CASE WHEN h.field = 'stage' THEN coalesce(so.name, h.old_value) ELSE h.old_value END AS old_value,
                   CASE WHEN h.field = 'stage' THEN coalesce(sn.name, h.new_value) ELSE h.new_value END AS new_value
            FROM history h
            LEFT JOIN users u ON u.id = h.changed_by
            LEFT JOIN stages so ON h.field = 'stage' AND CAST(so.id AS VARCHAR) = h.old_value
            LEFT JOIN stages sn ON h.field = 'stage' AND CAST(sn.id AS VARCHAR) = h.new_value
            ORDER BY h.prospect_id, h.changed_at, h.id
            """
        ).df()
