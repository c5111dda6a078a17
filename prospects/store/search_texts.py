"""The search text kept with each prospect and contact (`domain.search_blob`, computed in Python only): every
write of the repositories computes it; when its rule changes, a migration asks for every row's to be
computed again (`derived_to_recompute`), which is done once, when the database is next opened."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from prospects.domain import SEARCH_FIELDS, search_texts_of

SINCE_VERSION = 11  # the migration that adds `derived_to_recompute`
ASKED = "search_text"  # the request of `derived_to_recompute` this module answers
TABLES = ("prospects", "contacts")


def recompute_if_asked(conn: duckdb.DuckDBPyConnection) -> int | None:
    """The search text of every prospect and contact computed again, if a migration asked for it; the
    request is then deleted (the caller's transaction holds both). Returns how many rows changed, None
    when nothing was asked."""
    if not conn.execute("SELECT count(*) FROM derived_to_recompute WHERE what = ?", [ASKED]).fetchall()[0][0]:
        return None
    changed = sum(recompute(conn, table) for table in TABLES)
    conn.execute("DELETE FROM derived_to_recompute WHERE what = ?", [ASKED])
    return changed


def recompute(conn: duckdb.DuckDBPyConnection, table: str) -> int:
    """Compute the search text of every row of `table` again and write those that differ, in one UPDATE
    (most rows are plain ASCII and keep theirs); returns how many were written."""
    rows = conn.sql(f"SELECT id, search_text, {', '.join(SEARCH_FIELDS)} FROM {table}").to_arrow_table()
    ids, stored, *values = (column.to_pylist() for column in rows.columns)
    fresh = search_texts_of(values)
    changed = [i for i, (old, new) in enumerate(zip(stored, fresh, strict=True)) if old != new]
    if not changed:
        return 0
    data = pa.table({"id": pa.array([ids[i] for i in changed], pa.int64()),
                     "search_text": pa.array([fresh[i] for i in changed], pa.string())})
    view = f"{table}_new_search_texts"
    conn.register(view, data)
    try:
        conn.execute(f"UPDATE {table} SET search_text = v.search_text FROM {view} v WHERE {table}.id = v.id")
    finally:
        conn.unregister(view)
    return len(changed)
