"""The dashboard's SQL vocabulary: deal and action scopes, periods, snapshots and the weight of a deal.

Every aggregate of `analytics` is written with these pieces, so each convention is written once.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import duckdb
import pandas as pd

from prospects.domain.analytics import DashboardFilters
from prospects.store.auth import visible_to_named
from prospects.store.weights import probability_sql

_PARAM = re.compile(r"\$([a-z_]+)")

REVENUE = "CAST(coalesce(p.expected_revenue, 0) AS DOUBLE)"
# Open at the moment $as_of: created by then and not yet closed (a close counts from the start of its day).
OPEN_AT = "(p.created_at <= $as_of AND (p.status = 'open' OR p.closed_on IS NULL OR CAST(p.closed_on AS TIMESTAMP) > $as_of))"
CLOSED_IN = "(p.closed_on BETWEEN $start AND $end)"
CREATED_IN = "(p.created_at >= $start_at AND p.created_at < $end_before)"
# Late at $as_of, like the board's red: due on an earlier day, or earlier that day at a set time; and,
# as `actions.OPEN_DEAL_TODO` says for now, of a deal still open then (a closed deal's actions are nobody's).
LATE_AT = (
    "(a.created_at <= $as_of AND a.due_at < $as_of"
    " AND (p.status = 'open' OR p.closed_on IS NULL OR CAST(p.closed_on AS TIMESTAMP) > $as_of)"
    " AND (CAST(a.due_at AS DATE) < CAST($as_of AS DATE) OR CAST(a.due_at AS TIME) <> TIME '00:00:00')"
    " AND (NOT a.done OR a.done_at > $as_of))"
)


# The furthest stage each prospect of a cohort `c` (id, stage_id, campaign) reached, from history and its
# current stage: a prospect that reached Proposal counts in every stage before it, skipped or moved back from.
FURTHEST = """
    SELECT c.id, any_value(c.campaign) AS campaign,
           greatest(coalesce(max(hs.position), 0), coalesce(any_value(cs.position), 0)) AS position
    FROM c
    LEFT JOIN history h ON h.prospect_id = c.id AND h.field = 'stage'
    LEFT JOIN stages hs ON CAST(hs.id AS VARCHAR) = h.new_value
    LEFT JOIN stages cs ON cs.id = c.stage_id
    GROUP BY c.id
"""


def run(conn: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> pd.DataFrame:
    """Run a query with the named parameters it uses (DuckDB refuses unused ones)."""
    used = set(_PARAM.findall(sql))
    return conn.execute(sql, {k: v for k, v in params.items() if k in used}).df()


def deal_scope(filters: DashboardFilters) -> str:
    """The WHERE clause of the prospects the filters keep (alias p), within what the viewer may see."""
    clauses = [visible_to_named("p")[0]]
    if filters.owner_ids:
        clauses.append("list_contains($owners, p.owner_id)")
    if filters.channels:
        clauses.append("list_contains($channels, p.channel)")
    if filters.campaigns:
        clauses.append("list_contains($campaigns, p.campaign)")
    return " AND ".join(clauses)


def action_scope(filters: DashboardFilters) -> str:
    """The WHERE clause of the actions the filters keep (alias a, joined to its prospect p)."""
    clauses = [visible_to_named("p")[0]]
    if filters.owner_ids:
        clauses.append("list_contains($owners, a.assignee_id)")
    if filters.channels:
        clauses.append("list_contains($channels, p.channel)")
    if filters.campaigns:
        clauses.append("list_contains($campaigns, p.campaign)")
    return " AND ".join(clauses)


def sql_params(filters: DashboardFilters, as_of: datetime | None = None) -> dict[str, Any]:
    """Every named parameter the pieces above use; `run` passes a query only those it names."""
    period = filters.period
    return {
        "owners": list(filters.owner_ids),
        "channels": list(filters.channels),
        "campaigns": list(filters.campaigns),
        "start": period.start,
        "end": period.end,
        "start_at": period.start_at(),
        "end_before": period.end_before(),
        "as_of": as_of,
        **visible_to_named("p")[1],
    }


def weight(current: bool) -> str:
    """The weight (0-1) of an open deal, by the one rule (`weights.probability_sql`); in the past, with the
    stage it was in then (from history)."""
    stage = "p.stage_id" if current else "coalesce(TRY_CAST(hs.stage_then AS INTEGER), p.stage_id)"
    # Only deals open at the snapshot are weighed, so their status then is 'open' whatever it is now.
    stage_probability = f"(SELECT s.probability FROM stages s WHERE s.id = {stage})"
    return probability_sql("p.interest", "'open'", stage_probability) + " / 100.0"


def stage_then_join(current: bool) -> str:
    """Join of each prospect's stage at $as_of, when the snapshot is in the past."""
    if current:
        return ""
    return (
        "LEFT JOIN (SELECT prospect_id, arg_max(new_value, changed_at) AS stage_then FROM history"
        " WHERE field = 'stage' AND changed_at <= $as_of GROUP BY prospect_id) hs ON hs.prospect_id = p.id"
    )
