"""Ordered lists of the settings (stages, choices, custom fields): where a new item goes, moving one."""

from __future__ import annotations

import duckdb

from prospects.errors import NotFoundError


def next_position(conn: duckdb.DuckDBPyConnection, table: str, kind: str | None = None) -> int:
    """The position after the last one of the table (of one list `kind` for choices): new items go last."""
    sql = f"SELECT coalesce(max(position), 0) + 1 FROM {table}"
    return conn.execute(sql + (" WHERE kind = ?" if kind else ""), [kind] if kind else []).fetchall()[0][0]


def swap_positions(conn: duckdb.DuckDBPyConnection, table: str, ordered_ids: list[int], item_id: int, offset: int) -> None:
    """Move one row of an ordered list by `offset` places, renumbering the list 1..n."""
    if item_id not in ordered_ids:
        raise NotFoundError()
    ids = list(ordered_ids)
    index = ids.index(item_id)
    target = max(0, min(len(ids) - 1, index + offset))
    ids.insert(target, ids.pop(index))
    for position, row_id in enumerate(ids, start=1):
        conn.execute(f"UPDATE {table} SET position = ? WHERE id = ?", [position, row_id])
