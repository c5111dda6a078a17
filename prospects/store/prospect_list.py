"""The prospects list: filters, sort and one page, computed in DuckDB."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from prospects.domain import NAME_FIELDS, ProspectQuery, display_name, fold
from prospects.store.actions import OPEN_DEAL_TODO
from prospects.store.auth import visible_to
from prospects.store.board import IN_IMPORT_BATCH
from prospects.store.rows import fix_date_columns

# Sort keys of the list mapped to SQL: never interpolate user text into ORDER BY.
_SORT_SQL = {
    "name": ("lower(coalesce(p.last_name, p.first_name, p.company, ''))", "lower(coalesce(p.first_name, ''))"),
    "company": ("lower(coalesce(p.company, ''))",),
    "status": ("p.status",),
    "stage": ("s.position",),
    "expected_revenue": ("p.expected_revenue",),
    "project_due": ("p.project_due",),
    "next_action_due": ("a.next_due",),
    "owner": ("u.initials",),
    "rating": ("p.rating",),
    "created_at": ("p.created_at",),
    "updated_at": ("p.updated_at",),
}

LIST_COLUMNS = """
    p.id, p.civility, p.last_name, p.first_name, p.company, p.is_company, p.status, p.stage_id,
    s.name AS stage, CAST(p.expected_revenue AS DOUBLE) AS expected_revenue, p.interest,
    p.project_due, p.owner_id, u.initials AS owner, p.rating, p.channel, p.city, p.email,
    p.phone, p.mobile, p.project_summary, p.campaign, p.closed_on, p.updated_at, p.version
"""


@dataclass(frozen=True)
class ProspectPage:
    """One page of the list and the number of prospects matching the filters."""

    rows: pd.DataFrame
    total: int


def list_page(conn: duckdb.DuckDBPyConnection, query: ProspectQuery) -> ProspectPage:
    """Filter, sort and page in DuckDB; each row carries its next action."""
    where, params = where_clause(query)
    next_due_join = ""
    if query.sort == "next_action_due":
        # Each prospect's earliest due date per done/undone, joined to the list's own `p` through the
        # to-do rule itself: no second read of the prospects table to learn whether a deal is open.
        next_due_join = (
            "LEFT JOIN (SELECT prospect_id, done, min(due_at) AS next_due FROM actions GROUP BY prospect_id, done) a"
            f" ON a.prospect_id = p.id AND {OPEN_DEAL_TODO}"
        )
    direction = "DESC" if query.descending else "ASC"
    keys = _SORT_SQL.get(query.sort, _SORT_SQL["updated_at"])

    def order(row_id: str) -> str:
        return ", ".join(f"k{i} {direction} NULLS LAST" for i in range(len(keys))) + f", {row_id} {direction}"

    # Sorted in two steps: the page's ids with their sort keys first (a top-N over a few narrow columns),
    # then the shown columns of these rows only. Sorting the whole width of the list's columns made
    # DuckDB carry every column of every matching prospect through the top-N (a third of the time).
    matching = f"""
        SELECT p.id, {", ".join(f"{expr} AS k{i}" for i, expr in enumerate(keys))}
        FROM prospects p
        LEFT JOIN stages s ON s.id = p.stage_id
        LEFT JOIN users u ON u.id = p.owner_id
        {next_due_join}
        WHERE {where}
    """
    filtered = where != "TRUE"
    if filtered:
        # The filters are applied once: the page and the count of matching prospects read the same rows
        # (a count of its own scanned the search text of the whole base a second time).
        steps = f"matching AS MATERIALIZED ({matching}), page AS (SELECT * FROM matching ORDER BY {order('id')} LIMIT ? OFFSET ?)"
    else:
        steps = f"page AS ({matching} ORDER BY {order('p.id')} LIMIT ? OFFSET ?)"
    rows = conn.execute(
        f"""
        WITH {steps}
        SELECT {LIST_COLUMNS}{", (SELECT count(*) FROM matching) AS matching_count" if filtered else ""}
        FROM page
        JOIN prospects p ON p.id = page.id
        LEFT JOIN stages s ON s.id = p.stage_id
        LEFT JOIN users u ON u.id = p.owner_id
        ORDER BY {order('p.id')}
        """,
        [*params, max(1, query.limit), max(0, query.offset)],
    ).df()
    if filtered and len(rows):
        total = int(rows.pop("matching_count").iloc[0])
    else:  # no filter: DuckDB counts the table at once; a page past the end has no row to carry the count
        rows = rows.drop(columns="matching_count", errors="ignore")
        total = conn.execute(f"SELECT count(*) FROM prospects p WHERE {where}", params).fetchall()[0][0]
    nxt = _next_actions_frame(conn, rows["id"].tolist())
    rows = rows.merge(nxt, how="left", left_on="id", right_on="prospect_id").drop(columns="prospect_id")
    rows.insert(1, "name", [display_name(*r) for r in rows[list(NAME_FIELDS)].itertuples(index=False, name=None)])
    return ProspectPage(fix_date_columns(rows, ("project_due", "closed_on")), int(total))

def _next_actions_frame(conn: duckdb.DuckDBPyConnection, prospect_ids: list[int]) -> pd.DataFrame:
    """The next action to do of each prospect of the page.

    The join starts from the page's ids, so DuckDB reads the status of these prospects only (joined
    the other way round, it hashed every open prospect of the base to keep a page's actions).
    """
    return conn.execute(
        f"""
        SELECT a.prospect_id, a.id AS next_action_id, a.title AS next_action_title, a.due_at AS next_action_due
        FROM unnest(?) AS page(id)
        JOIN prospects p ON p.id = page.id
        JOIN actions a ON a.prospect_id = p.id
        WHERE {OPEN_DEAL_TODO}
        QUALIFY row_number() OVER (PARTITION BY a.prospect_id ORDER BY a.due_at, a.id) = 1
        """,
        [prospect_ids],
    ).df()

# -- writing -----------------------------------------------------------


def where_clause(query: ProspectQuery) -> tuple[str, list[Any]]:
    """The list's filters as SQL over `prospects p`, with their parameters (the export uses them too).

    It starts with what the viewer may see: a rep's list, search and export hold only their own
    prospects and the unassigned ones, whatever the filters ask.
    """
    visible, params = visible_to("p")
    clauses = [visible]
    if query.statuses:
        clauses.append("list_contains(?, p.status)")
        params.append([str(s) for s in query.statuses])
    if query.stage_ids:
        clauses.append("list_contains(?, p.stage_id)")
        params.append(list(query.stage_ids))
    if query.channels:
        clauses.append("list_contains(?, p.channel)")
        params.append(list(query.channels))
    if query.owner_ids:
        clauses.append("list_contains(?, p.owner_id)")
        params.append(list(query.owner_ids))
    if query.category:
        clauses.append("list_contains(p.categories, ?)")
        params.append(query.category)
    if query.campaigns:
        clauses.append("list_contains(?, p.campaign)")
        params.append(list(query.campaigns))
    if query.batch_id is not None:
        clauses.append(IN_IMPORT_BATCH)
        params.append(query.batch_id)
    for word in fold(query.text or "").split():
        clauses.append("contains(p.search_text, ?)")
        params.append(word)
    return " AND ".join(clauses), params
