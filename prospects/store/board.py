"""The Kanban board's data in one query: cards with their next action, time in stage and column totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from prospects.domain import fold
from prospects.store.actions import OPEN_DEAL_TODO
from prospects.store.auth import visible_to
from prospects.store.db import Database, reads
from prospects.store.rows import as_date, fetch_dicts
from prospects.store.weights import probability_sql

# One row per card shown. `column_key` is the stage id (as text) of an open deal, else "won" / "lost";
# a deal in a retired stage or in none shows in the first active stage but keeps its own weight.
# Totals are per column over every matching card, before the per-column limit.
_BOARD_SQL = """
WITH first_stage AS (
    SELECT id FROM stages WHERE active ORDER BY position, id LIMIT 1
),
base AS (
    SELECT p.id, p.version, p.status, p.stage_id, p.first_name, p.last_name, p.company, p.is_company,
           p.email, p.phone, p.mobile, p.project_summary, p.interest, p.loss_reason, p.closed_on,
           p.created_at, p.updated_at, p.owner_id,
           CAST(p.expected_revenue AS DOUBLE) AS expected_revenue,
           CASE WHEN p.status = 'open' THEN CAST(coalesce(s.id, fs.id) AS VARCHAR) ELSE p.status END AS column_key,
           {probability} AS probability
    FROM prospects p
    LEFT JOIN stages s ON s.id = p.stage_id AND s.active
    LEFT JOIN stages own ON own.id = p.stage_id
    LEFT JOIN first_stage fs ON TRUE
    WHERE (p.status = 'open' OR p.closed_on = ?) AND {where}
),
next_actions AS (
    SELECT a.prospect_id, a.id AS next_action_id, a.title AS next_action_title, a.due_at AS next_action_due,
           a.important AS next_action_important
    FROM actions a JOIN base p ON p.id = a.prospect_id
    WHERE {open_deal_todo}
    QUALIFY row_number() OVER (PARTITION BY a.prospect_id ORDER BY a.due_at, a.id) = 1
),
ranked AS (
    SELECT b.*, n.next_action_id, n.next_action_title, n.next_action_due, n.next_action_important,
           count(*) OVER w AS column_count,
           coalesce(sum(b.expected_revenue) OVER w, 0) AS column_revenue,
           coalesce(sum(b.expected_revenue * b.probability / 100.0) OVER w, 0) AS column_weighted,
           row_number() OVER (
               PARTITION BY b.column_key
               ORDER BY CASE WHEN b.status = 'open' THEN n.next_action_due END ASC NULLS FIRST,
                        b.updated_at DESC, b.id
           ) AS position
    FROM base b LEFT JOIN next_actions n ON n.prospect_id = b.id
    WINDOW w AS (PARTITION BY b.column_key)
),
shown AS (SELECT * FROM ranked WHERE position <= ?),
in_stage AS (
    SELECT h.prospect_id, max(h.changed_at) AS stage_since
    FROM history h JOIN shown c ON c.id = h.prospect_id
    WHERE h.field = 'stage' AND h.new_value = CAST(c.stage_id AS VARCHAR)
    GROUP BY h.prospect_id
)
SELECT c.*, u.initials AS owner, coalesce(i.stage_since, c.created_at) AS stage_since
FROM shown c
LEFT JOIN in_stage i ON i.prospect_id = c.id
LEFT JOIN users u ON u.id = c.owner_id
ORDER BY c.column_key, c.position
"""

# The deals one import batch created or filled in (one parameter: the batch id), for the board and the list.
IN_IMPORT_BATCH = "EXISTS (SELECT 1 FROM import_changes ic WHERE ic.batch_id = ? AND ic.prospect_id = p.id)"

_PROBABILITY = probability_sql("p.interest", "p.status", "own.probability")


@dataclass(frozen=True)
class ColumnTotals:
    """Every matching card of a column, including those beyond the limit."""

    count: int = 0
    revenue: float = 0.0
    weighted: float = 0.0


@dataclass(frozen=True)
class BoardRows:
    """What the board shows: card rows (dicts) in column order, and each column's totals by column key."""

    cards: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, ColumnTotals] = field(default_factory=dict)


class BoardRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    @reads
    def owns_open_deals(self, conn: duckdb.DuckDBPyConnection, owner_id: int) -> bool:
        """Whether a user owns at least one open deal (the board then opens on "my deals")."""
        return bool(conn.execute(
            "SELECT EXISTS (SELECT 1 FROM prospects WHERE owner_id = ? AND status = 'open')", [owner_id]
        ).fetchall()[0][0])

    @reads
    def load(
        self,
        conn: duckdb.DuckDBPyConnection,
        *,
        today: date | None = None,
        owner_ids: tuple[int, ...] = (),
        channels: tuple[str, ...] = (),
        text: str | None = None,
        campaigns: tuple[str, ...] = (),
        batch_id: int | None = None,
        limit_per_column: int = 50,
    ) -> BoardRows:
        """Open deals and those won or lost `today`, filtered, at most `limit_per_column` per column."""
        where, params = _filters(owner_ids, channels, text, campaigns, batch_id)
        cursor = conn.execute(
            _BOARD_SQL.format(where=where, probability=_PROBABILITY, open_deal_todo=OPEN_DEAL_TODO),
            [today or date.today(), *params, max(1, limit_per_column)],
        )
        cards = fetch_dicts(cursor)
        totals: dict[str, ColumnTotals] = {}
        for card in cards:
            card["closed_on"] = as_date(card["closed_on"])
            totals.setdefault(
                card["column_key"],
                ColumnTotals(int(card["column_count"]), float(card["column_revenue"]), float(card["column_weighted"])),
            )
        return BoardRows(cards, totals)


def _filters(
    owner_ids: tuple[int, ...],
    channels: tuple[str, ...],
    text: str | None,
    campaigns: tuple[str, ...] = (),
    batch_id: int | None = None,
) -> tuple[str, list[Any]]:
    visible, params = visible_to("p")  # a rep's board holds their cards and the unassigned ones
    clauses = [visible]
    if campaigns:
        clauses.append("list_contains(?, p.campaign)")
        params.append(list(campaigns))
    if batch_id is not None:
        # Every deal the batch created or filled in: what the import's result page sends the rep to see.
        clauses.append(IN_IMPORT_BATCH)
        params.append(batch_id)
    if owner_ids:
        clauses.append("list_contains(?, p.owner_id)")
        params.append(list(owner_ids))
    if channels:
        clauses.append("list_contains(?, p.channel)")
        params.append(list(channels))
    for word in fold(text or "").split():
        clauses.append("contains(p.search_text, ?)")
        params.append(word)
    return " AND ".join(clauses), params
