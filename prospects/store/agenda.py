"""The reps' agenda in DuckDB: actions across prospects by group, deals without a next step, snooze."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import pandas as pd

from prospects.domain import Action
from prospects.domain.agenda import AgendaFilters, Bounds, DoneFilter, snoozed
from prospects.errors import ConflictError, NotFoundError
from prospects.store.actions import OPEN_DEAL_TODO, ActionsRepository
from prospects.store.auth import visible_to_named
from prospects.store.db import Database, reads, writes
from prospects.store.rows import NAME_PARTS_SQL, fetch_dicts, with_display_name

# The group of an action, from the moments of `prospects.domain.agenda.bounds` (same rule as `group_of`).
GROUP_SQL = """
    CASE WHEN a.done THEN 'done'
         WHEN a.due_at < $today OR (a.due_at < $now AND CAST(a.due_at AS TIME) <> TIME '00:00:00') THEN 'late'
         WHEN a.due_at < $tomorrow THEN 'today'
         WHEN a.due_at < $week_end THEN 'week'
         ELSE 'later' END
"""


def _where(filters: AgendaFilters) -> tuple[str, dict[str, object]]:
    visible, params = visible_to_named("p")  # a rep's agenda: actions of the prospects they may see
    # Done actions stay in the history; those to do count only while their deal is open.
    clauses = [visible, f"(a.done OR {OPEN_DEAL_TODO})"]
    if filters.assignee_id is not None:
        clauses.append("a.assignee_id = $assignee")
        params["assignee"] = filters.assignee_id
    if filters.important_only:
        clauses.append("a.important")
    if filters.done is DoneFilter.TODO:
        clauses.append("NOT a.done")
    elif filters.done is DoneFilter.DONE:
        clauses.append("a.done")
    return " AND ".join(clauses), params


def _bounds_params(bounds: Bounds) -> dict[str, object]:
    return {"now": bounds.now, "today": bounds.today, "tomorrow": bounds.tomorrow, "week_end": bounds.week_end}


class AgendaRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._actions = ActionsRepository(db)

    @reads
    def actions(self, conn: duckdb.DuckDBPyConnection, filters: AgendaFilters, bounds: Bounds) -> pd.DataFrame:
        """The filtered actions with their group and prospect, at most `filters.limit` per group.

        Actions to do are kept earliest first (the longest-waiting call is the one to make), done
        ones latest first. Columns: id, group, due_at, done, important, title, notes, prospect_id,
        name, company, assignee, version, group_total (the group's size before the limit).
        """
        where, params = _where(filters)
        return with_display_name(conn.execute(
            f"""
            SELECT a.id, {GROUP_SQL} AS "group", a.due_at, a.done, a.important, a.title, a.notes,
                   a.prospect_id, {NAME_PARTS_SQL}, p.company, u.initials AS assignee, a.version,
                   count(*) OVER (PARTITION BY "group") AS group_total
            FROM actions a
            JOIN prospects p ON p.id = a.prospect_id
            LEFT JOIN users u ON u.id = a.assignee_id
            WHERE {where}
            QUALIFY row_number() OVER (
              PARTITION BY "group" ORDER BY CASE WHEN a.done THEN -epoch(a.due_at) ELSE epoch(a.due_at) END, a.id
            ) <= $limit
            ORDER BY a.done, a.due_at, a.id
            """,
            {**params, **_bounds_params(bounds), "limit": filters.limit},
        ).df())

    @reads
    def without_next_step(
        self, conn: duckdb.DuckDBPyConnection, owner_id: int | None, limit: int = 100
    ) -> tuple[pd.DataFrame, int]:
        """Open prospects with no action left to do (mine, or everyone's), with their count."""
        owner = "AND p.owner_id = $owner" if owner_id is not None else ""
        visible, params = visible_to_named("p")
        owner += f" AND {visible}"
        params["limit"] = limit
        if owner_id is not None:
            params["owner"] = owner_id
        frame = conn.execute(
            f"""
            SELECT p.id AS prospect_id, {NAME_PARTS_SQL}, p.company, s.name AS stage, u.initials AS owner,
                   CAST(p.expected_revenue AS DOUBLE) AS expected_revenue,
                   (SELECT max(a.due_at) FROM actions a WHERE a.prospect_id = p.id) AS last_action,
                   count(*) OVER () AS total
            FROM prospects p
            LEFT JOIN stages s ON s.id = p.stage_id
            LEFT JOIN users u ON u.id = p.owner_id
            WHERE p.status = 'open' {owner}
              AND NOT EXISTS (SELECT 1 FROM actions a WHERE a.prospect_id = p.id AND NOT a.done)
            ORDER BY p.expected_revenue DESC NULLS LAST, p.id
            LIMIT $limit
            """,
            params,
        ).df()
        frame = with_display_name(frame)
        total = int(frame["total"].iloc[0]) if len(frame) else 0
        return frame.drop(columns="total"), total

    @reads
    def to_do(
        self, conn: duckdb.DuckDBPyConnection, assignee_id: int | None, now: datetime, limit: int = 5000
    ) -> pd.DataFrame:
        """The actions left to do (of one user, or everyone's) with their prospect, for a calendar export.

        At most `limit`, the ones due nearest to now: a calendar has no use for 50,000 events.
        """
        mine = "AND a.assignee_id = $assignee" if assignee_id is not None else ""
        visible, params = visible_to_named("p")
        mine += f" AND {visible}"
        params.update(now=now, limit=limit)
        if assignee_id is not None:
            params["assignee"] = assignee_id
        return with_display_name(conn.execute(
            f"""
            SELECT * FROM (
              SELECT a.id, a.due_at, a.title, a.notes, a.important, a.prospect_id, {NAME_PARTS_SQL}, p.company,
                     u.full_name AS assignee, a.updated_at
              FROM actions a JOIN prospects p ON p.id = a.prospect_id LEFT JOIN users u ON u.id = a.assignee_id
              WHERE {OPEN_DEAL_TODO} {mine}
              ORDER BY abs(date_diff('second', $now, a.due_at)), a.id
              LIMIT $limit
            ) ORDER BY due_at, id
            """,
            params,
        ).df())

    @writes
    def snooze(
        self,
        conn: duckdb.DuckDBPyConnection,
        action_id: int,
        by_delta: timedelta,
        now: datetime,
        by: int | None,
        expected_version: int | None = None,
    ) -> Action:
        """Push an action later (+1 day, +1 week), from now when it is already late."""
        rows = fetch_dicts(conn.execute("SELECT due_at, version FROM actions WHERE id = ?", [action_id]))
        if not rows:
            raise NotFoundError()
        if expected_version is not None and rows[0]["version"] != expected_version:
            raise ConflictError()
        action = self._actions.get(action_id)
        return self._actions.update(action.replace(due_at=snoozed(rows[0]["due_at"], by_delta, now)), by)

    @writes
    def complete_and_schedule(
        self,
        conn: duckdb.DuckDBPyConnection,
        action_id: int,
        follow_up: Action,
        by: int | None,
        expected_version: int | None = None,
    ) -> Action:
        """Tick an action done and create its follow-up, in one transaction; returns the follow-up."""
        self._actions.set_done(action_id, True, by, expected_version)
        return self._actions.create(follow_up, by)
