"""Every aggregate of the dashboard, computed in DuckDB SQL (never in Python loops).

Conventions shared by the queries:
- the *period* bounds flows: deals won or lost (by `closed_on`), prospects created, actions done;
- snapshot figures (open pipeline, overdue actions) are taken *as of* a moment, the end of the
  period or now; a deal closed on day D is closed from the start of D;
- a deal's weight is its interest, else its stage's default probability (won 100 %, lost 0 %,
  so only open deals count in a weighted forecast);
- the owner filter applies to the prospects' owner, and to the assignee of actions;
- every result is fully fetched (`.df()`/`.fetchall()`), as DuckDB requires.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import duckdb
import pandas as pd

from prospects.domain.analytics import DashboardFilters, Headline, win_rate
from prospects.store.analytics_sql import (
    CLOSED_IN,
    CREATED_IN,
    FURTHEST,
    LATE_AT,
    OPEN_AT,
    REVENUE,
    action_scope,
    deal_scope,
    run,
    sql_params,
    stage_then_join,
    weight,
)
from prospects.store.db import Database, reads
from prospects.store.rows import NAME_PARTS_SQL, fix_date_columns, with_display_name


class AnalyticsRepository:
    """The figures, tables and series the managers' dashboard shows."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- headline ------------------------------------------------------------

    @reads
    def headline(self, conn: duckdb.DuckDBPyConnection, filters: DashboardFilters, now: datetime) -> Headline:
        """The six figures of the filters' period (`filters.for_previous_period()` gives the ones to compare with)."""
        as_of = filters.period.as_of(now)
        current = as_of >= now
        params = sql_params(filters, as_of)
        deals = run(
            conn,
            f"""
            SELECT
              coalesce(sum({REVENUE}) FILTER (WHERE {OPEN_AT}), 0) AS open_pipeline,
              coalesce(sum({REVENUE} * {weight(current)}) FILTER (WHERE {OPEN_AT}), 0) AS weighted_pipeline,
              coalesce(sum({REVENUE}) FILTER (WHERE p.status = 'won' AND {CLOSED_IN}), 0) AS won_revenue,
              count(*) FILTER (WHERE p.status = 'won' AND {CLOSED_IN}) AS won,
              count(*) FILTER (WHERE p.status = 'lost' AND {CLOSED_IN}) AS lost,
              avg(date_diff('day', CAST(p.created_at AS DATE), p.closed_on))
                FILTER (WHERE p.status = 'won' AND {CLOSED_IN}) AS cycle
            FROM prospects p {stage_then_join(current)}
            WHERE {deal_scope(filters)}
            """,
            params,
        ).iloc[0]
        overdue = run(
            conn,
            f"SELECT count(*) AS n FROM actions a JOIN prospects p ON p.id = a.prospect_id"
            f" WHERE {action_scope(filters)} AND {LATE_AT}",
            params,
        ).iloc[0]["n"]
        won, lost = int(deals["won"]), int(deals["lost"])
        return Headline(
            open_pipeline=float(deals["open_pipeline"]),
            weighted_pipeline=float(deals["weighted_pipeline"]),
            won_revenue=float(deals["won_revenue"]),
            win_rate=win_rate(won, lost),
            average_cycle_days=None if pd.isna(deals["cycle"]) else float(deals["cycle"]),
            overdue_actions=int(overdue),
        )

    # -- pipeline --------------------------------------------------------------

    @reads
    def pipeline_by_stage(self, conn: duckdb.DuckDBPyConnection, filters: DashboardFilters, now: datetime) -> pd.DataFrame:
        """Open deals per stage at the end of the period: stage, position, prospects, raw, weighted."""
        as_of = filters.period.as_of(now)
        current = as_of >= now
        stage = "p.stage_id" if current else "coalesce(TRY_CAST(hs.stage_then AS INTEGER), p.stage_id)"
        return run(
            conn,
            f"""
            WITH open_deals AS (
              SELECT {stage} AS stage_id, {REVENUE} AS revenue, {REVENUE} * {weight(current)} AS weighted
              FROM prospects p {stage_then_join(current)}
              WHERE {deal_scope(filters)} AND {OPEN_AT}
            )
            SELECT s.name AS stage, s.position, count(o.stage_id) AS prospects,
                   coalesce(sum(o.revenue), 0) AS raw, coalesce(sum(o.weighted), 0) AS weighted
            FROM stages s LEFT JOIN open_deals o ON o.stage_id = s.id
            WHERE s.active OR o.stage_id IS NOT NULL
            GROUP BY s.id, s.name, s.position
            ORDER BY s.position, s.id
            """,
            sql_params(filters, as_of=as_of),
        )

    @reads
    def funnel(self, conn: duckdb.DuckDBPyConnection, filters: DashboardFilters) -> tuple[pd.DataFrame, int]:
        """Of the prospects created in the period, how many reached each stage (from history), and how many were won.

        A prospect that reached Proposal counts in every stage before it, even one it skipped
        or one it later moved back from.
        """
        params = sql_params(filters)
        cohort = f"SELECT p.id, p.stage_id, p.status, p.campaign FROM prospects p WHERE {deal_scope(filters)} AND {CREATED_IN}"
        reached = run(
            conn,
            f"""
            WITH c AS ({cohort}),
            furthest AS ({FURTHEST})
            SELECT s.name AS stage, s.position, count(f.id) AS prospects
            FROM stages s LEFT JOIN furthest f ON f.position >= s.position
            WHERE s.active
            GROUP BY s.id, s.name, s.position
            ORDER BY s.position, s.id
            """,
            params,
        )
        won = run(conn, f"SELECT count(*) AS n FROM ({cohort}) c WHERE c.status = 'won'", params).iloc[0]["n"]
        return reached, int(won)

    @reads
    def forecast(self, conn: duckdb.DuckDBPyConnection, filters: DashboardFilters, now: datetime) -> pd.DataFrame:
        """By month: open revenue by `project_due` (raw and weighted) beside won revenue by `closed_on` in the period."""
        as_of = filters.period.as_of(now)
        current = as_of >= now
        frame = run(
            conn,
            f"""
            WITH open_deals AS (
              SELECT date_trunc('month', p.project_due) AS month, sum({REVENUE}) AS raw,
                     sum({REVENUE} * {weight(current)}) AS weighted
              FROM prospects p {stage_then_join(current)}
              WHERE {deal_scope(filters)} AND {OPEN_AT} AND p.project_due IS NOT NULL
              GROUP BY 1
            ),
            won AS (
              SELECT date_trunc('month', p.closed_on) AS month, sum({REVENUE}) AS won
              FROM prospects p
              WHERE {deal_scope(filters)} AND p.status = 'won' AND {CLOSED_IN}
              GROUP BY 1
            )
            SELECT coalesce(o.month, w.month) AS month, coalesce(w.won, 0) AS won,
                   coalesce(o.weighted, 0) AS weighted, coalesce(o.raw, 0) AS raw
            FROM open_deals o FULL OUTER JOIN won w ON w.month = o.month
            ORDER BY 1
            """,
            sql_params(filters, as_of=as_of),
        )
        return fix_date_columns(frame, ("month",))

    # -- why lost, from where, who --------------------------------------------

    @reads
    def loss_reasons(self, conn: duckdb.DuckDBPyConnection, filters: DashboardFilters) -> pd.DataFrame:
        """Deals lost in the period per reason: loss_reason, deals, revenue (most frequent first)."""
        return run(
            conn,
            f"""
            SELECT coalesce(p.loss_reason, '—') AS loss_reason, count(*) AS deals, sum({REVENUE}) AS revenue
            FROM prospects p
            WHERE {deal_scope(filters)} AND p.status = 'lost' AND {CLOSED_IN}
            GROUP BY 1 ORDER BY deals DESC, revenue DESC, 1
            """,
            sql_params(filters),
        )

    @reads
    def by_channel(self, conn: duckdb.DuckDBPyConnection, filters: DashboardFilters) -> pd.DataFrame:
        """Per channel: prospects created in the period, deals won and lost in it, win rate, revenue won."""
        return run(
            conn,
            f"""
            SELECT channel, prospects, won, lost, won / nullif(won + lost, 0) AS win_rate, won_revenue FROM (
              SELECT coalesce(p.channel, '—') AS channel,
                     count(*) FILTER (WHERE {CREATED_IN}) AS prospects,
                     count(*) FILTER (WHERE p.status = 'won' AND {CLOSED_IN}) AS won,
                     count(*) FILTER (WHERE p.status = 'lost' AND {CLOSED_IN}) AS lost,
                     coalesce(sum({REVENUE}) FILTER (WHERE p.status = 'won' AND {CLOSED_IN}), 0) AS won_revenue
              FROM prospects p WHERE {deal_scope(filters)} GROUP BY 1
            ) WHERE prospects + won + lost > 0
            ORDER BY won_revenue DESC, prospects DESC, channel
            """,
            sql_params(filters),
        )

    @reads
    def by_owner(self, conn: duckdb.DuckDBPyConnection, filters: DashboardFilters, now: datetime) -> pd.DataFrame:
        """Per user: open pipeline, deals won (and revenue), win rate, overdue and due-today actions, actions done in the period."""
        as_of = filters.period.as_of(now)
        owners = "list_contains($owners, u.id)" if filters.owner_ids else "TRUE"
        return run(
            conn,
            f"""
            WITH deals AS (
              SELECT p.owner_id,
                     coalesce(sum({REVENUE}) FILTER (WHERE {OPEN_AT}), 0) AS open_pipeline,
                     count(*) FILTER (WHERE p.status = 'won' AND {CLOSED_IN}) AS won,
                     count(*) FILTER (WHERE p.status = 'lost' AND {CLOSED_IN}) AS lost,
                     coalesce(sum({REVENUE}) FILTER (WHERE p.status = 'won' AND {CLOSED_IN}), 0) AS won_revenue
              FROM prospects p WHERE {deal_scope(filters)} GROUP BY 1
            ),
            work AS (
              SELECT a.assignee_id,
                     count(*) FILTER (WHERE {LATE_AT}) AS overdue_actions,
                     count(*) FILTER (WHERE NOT a.done AND CAST(a.due_at AS DATE) = CAST($as_of AS DATE) AND NOT {LATE_AT})
                       AS due_today,
                     count(*) FILTER (WHERE a.done AND a.done_at >= $start_at AND a.done_at < $end_before) AS actions_done
              FROM actions a JOIN prospects p ON p.id = a.prospect_id
              WHERE {action_scope(filters)} GROUP BY 1
            )
            SELECT u.id AS owner_id, u.full_name AS owner, coalesce(d.open_pipeline, 0) AS open_pipeline,
                   coalesce(d.won, 0) AS won, coalesce(d.won_revenue, 0) AS won_revenue,
                   coalesce(d.won, 0) / nullif(coalesce(d.won, 0) + coalesce(d.lost, 0), 0) AS win_rate,
                   coalesce(w.overdue_actions, 0) AS overdue_actions, coalesce(w.due_today, 0) AS due_today,
                   coalesce(w.actions_done, 0) AS actions_done
            FROM users u
            LEFT JOIN deals d ON d.owner_id = u.id
            LEFT JOIN work w ON w.assignee_id = u.id
            WHERE {owners} AND (u.active OR d.owner_id IS NOT NULL OR w.assignee_id IS NOT NULL)
            ORDER BY open_pipeline DESC, owner
            """,
            sql_params(filters, as_of=as_of),
        )

    @reads
    def by_campaign(self, conn: duckdb.DuckDBPyConnection, filters: DashboardFilters) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The return of each campaign (prospects created in the period).

        Returns (campaign, prospects, contacted, won, won_revenue) and, long, how many of each
        campaign reached each stage (campaign, stage, position, prospects), from history.
        """
        params = sql_params(filters)
        cohort = f"SELECT p.* FROM prospects p WHERE {deal_scope(filters)} AND {CREATED_IN} AND p.campaign IS NOT NULL"
        totals = run(
            conn,
            f"""
            WITH c AS ({cohort}),
            contacted AS (SELECT DISTINCT a.prospect_id FROM actions a WHERE a.done AND a.prospect_id IN (SELECT id FROM c))
            SELECT c.campaign, count(*) AS prospects, count(contacted.prospect_id) AS contacted,
                   count(*) FILTER (WHERE c.status = 'won') AS won,
                   coalesce(sum(CAST(c.expected_revenue AS DOUBLE)) FILTER (WHERE c.status = 'won'), 0) AS won_revenue
            FROM c LEFT JOIN contacted ON contacted.prospect_id = c.id
            GROUP BY 1 ORDER BY prospects DESC, 1
            """,
            params,
        )
        reached = run(
            conn,
            f"""
            WITH c AS ({cohort}),
            furthest AS ({FURTHEST})
            SELECT f.campaign, s.name AS stage, s.position, count(*) AS prospects
            FROM furthest f JOIN stages s ON s.active AND f.position >= s.position
            GROUP BY 1, 2, 3 ORDER BY 1, 3
            """,
            params,
        )
        return totals, reached

    # -- movement and stale deals ----------------------------------------------

    @reads
    def movement(self, conn: duckdb.DuckDBPyConnection, filters: DashboardFilters, since: date, now: datetime) -> pd.DataFrame:
        """What changed since a day, per owner: new, moved forward/back, close dates slipped, won, lost (with reasons), pipeline change."""
        params = {**sql_params(filters), "since": datetime.combine(since, datetime.min.time()), "since_day": since, "as_of": now}
        since_open = OPEN_AT.replace("$as_of", "$since")
        return run(
            conn,
            f"""
            WITH f AS (SELECT p.* FROM prospects p WHERE {deal_scope(filters)}),
            moves AS (
              SELECT h.prospect_id,
                     bool_or(sn.position > so.position) AS forward, bool_or(sn.position < so.position) AS back
              FROM history h
              JOIN stages so ON CAST(so.id AS VARCHAR) = h.old_value
              JOIN stages sn ON CAST(sn.id AS VARCHAR) = h.new_value
              WHERE h.field = 'stage' AND h.changed_at >= $since AND h.prospect_id IN (SELECT id FROM f)
              GROUP BY 1
            ),
            slipped AS (
              SELECT DISTINCT prospect_id FROM due_changes
              WHERE changed_at >= $since AND new_due > old_due AND prospect_id IN (SELECT id FROM f)
            ),
            reasons AS (
              SELECT owner_id, string_agg(reason || ' ×' || n, ', ' ORDER BY n DESC, reason) AS lost_reasons FROM (
                SELECT p.owner_id, coalesce(p.loss_reason, '—') AS reason, count(*) AS n FROM f p
                WHERE p.status = 'lost' AND p.closed_on >= $since_day GROUP BY 1, 2
              ) GROUP BY 1
            ),
            per_owner AS (
              SELECT p.owner_id,
                     count(*) FILTER (WHERE p.created_at >= $since) AS new,
                     count(*) FILTER (WHERE m.forward) AS moved_forward,
                     count(*) FILTER (WHERE m.back) AS moved_back,
                     count(sl.prospect_id) AS close_dates_slipped,
                     count(*) FILTER (WHERE p.status = 'won' AND p.closed_on >= $since_day) AS won,
                     count(*) FILTER (WHERE p.status = 'lost' AND p.closed_on >= $since_day) AS lost,
                     coalesce(sum({REVENUE}) FILTER (WHERE {OPEN_AT}), 0)
                       - coalesce(sum({REVENUE}) FILTER (WHERE {since_open}), 0) AS pipeline_change
              FROM f p LEFT JOIN moves m ON m.prospect_id = p.id LEFT JOIN slipped sl ON sl.prospect_id = p.id
              GROUP BY 1
            )
            SELECT coalesce(u.full_name, '—') AS owner, o.new, o.moved_forward, o.moved_back, o.close_dates_slipped,
                   o.won, o.lost, coalesce(r.lost_reasons, '') AS lost_reasons, o.pipeline_change
            FROM per_owner o LEFT JOIN users u ON u.id = o.owner_id LEFT JOIN reasons r ON r.owner_id IS NOT DISTINCT FROM o.owner_id
            WHERE o.new + o.moved_forward + o.moved_back + o.close_dates_slipped + o.won + o.lost > 0 OR o.pipeline_change <> 0
            ORDER BY owner
            """,
            params,
        )

    @reads
    def stale(
        self, conn: duckdb.DuckDBPyConnection, filters: DashboardFilters, days: int, now: datetime, limit: int = 200
    ) -> tuple[pd.DataFrame, int]:
        """Open prospects with no action done and no stage change for `days` days, idlest first, and their count."""
        params = {**sql_params(filters), "cutoff": now - timedelta(days=days), "now": now, "limit": limit}
        frame = run(
            conn,
            f"""
            WITH f AS (SELECT p.* FROM prospects p WHERE {deal_scope(filters)} AND p.status = 'open'),
            done AS (SELECT prospect_id, max(done_at) AS at FROM actions
                     WHERE done AND prospect_id IN (SELECT id FROM f) GROUP BY 1),
            moved AS (SELECT prospect_id, max(changed_at) AS at FROM history
                      WHERE field = 'stage' AND prospect_id IN (SELECT id FROM f) GROUP BY 1),
            idle AS (
              SELECT p.id, {NAME_PARTS_SQL}, p.company, s.name AS stage, u.initials AS owner, {REVENUE} AS expected_revenue,
                     greatest(p.created_at, coalesce(done.at, p.created_at), coalesce(moved.at, p.created_at)) AS last_activity
              FROM f p
              LEFT JOIN done ON done.prospect_id = p.id LEFT JOIN moved ON moved.prospect_id = p.id
              LEFT JOIN stages s ON s.id = p.stage_id LEFT JOIN users u ON u.id = p.owner_id
            )
            SELECT *, date_diff('day', last_activity, $now) AS idle_days, count(*) OVER () AS total
            FROM idle WHERE last_activity < $cutoff
            ORDER BY last_activity, id
            LIMIT $limit
            """,
            params,
        )
        frame = with_display_name(frame)
        total = int(frame["total"].iloc[0]) if len(frame) else 0
        return frame.drop(columns="total"), total

    # -- filter options --------------------------------------------------------

    def campaigns(self) -> list[str]:
        """Every campaign label in use: asked by every run of the list, the board and the dashboard, so
        read again only once the data changed (`Database.remembered`: a new campaign shows at once)."""
        return list(self.db.remembered(("campaigns",), self._campaigns))

    @reads
    def _campaigns(self, conn: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
        rows = conn.execute("SELECT DISTINCT campaign FROM prospects WHERE campaign IS NOT NULL ORDER BY 1").fetchall()
        return tuple(r[0] for r in rows)
