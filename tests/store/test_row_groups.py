"""The file is opened with row groups of `ROW_GROUP_ROWS` rows, by every connection of the process,
which share it; and the file is let go when the last one closes."""

from __future__ import annotations

import subprocess
import sys
import threading

import duckdb
import pytest

from prospects.errors import DatabaseBusyError
from prospects.store import Store
from prospects.store.db import ROW_GROUP_ROWS, Database, insert_columns


def row_groups(conn: duckdb.DuckDBPyConnection, table: str) -> list[int]:
    """The rows of each row group of `table`, in order."""
    return [count for _, count in conn.execute(
        "SELECT row_group_id, max(count) FROM pragma_storage_info(?) WHERE column_name = 'id'"
        " GROUP BY row_group_id ORDER BY row_group_id", [table]).fetchall()]


def test_many_new_rows_are_stored_in_row_groups_of_the_chosen_size(store: Store, user_id: int):
    rows = 2 * ROW_GROUP_ROWS + 1000
    assert rows < 122_880  # DuckDB's own size would keep them in one row group
    with store.db.transaction() as conn:
        first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM prospects").fetchall()[0][0]
        insert_columns(conn, "prospects", {
            "id": list(range(first, first + rows)), "company": [f"Transports {n}" for n in range(rows)],
            "stage_id": [1] * rows, "created_by": [user_id] * rows, "updated_by": [user_id] * rows,
        })
    with store.db.connection() as conn:
        conn.execute("CHECKPOINT")
        sizes = row_groups(conn, "prospects")
        assert sum(sizes) == conn.execute("SELECT count(*) FROM prospects").fetchall()[0][0]
    assert max(sizes) == ROW_GROUP_ROWS
    assert len(sizes) >= 3


def test_every_connection_of_the_process_shares_the_file(db_path, store: Store, user_id: int):
    other = Database(db_path)
    with store.db.connection() as conn, other.connection() as second:
        conn.execute("CREATE TABLE scratch (n INTEGER)")
        conn.execute("INSERT INTO scratch VALUES (7)")
        assert second.execute("SELECT n FROM scratch").fetchall() == [(7,)]
        seen = []
        reader = threading.Thread(target=lambda: seen.append(Database(db_path).schema_version()))
        reader.start()
        reader.join()
        assert seen == [store.db.schema_version()]


def test_the_file_is_let_go_when_the_last_connection_closes(db_path, store: Store):
    with store.db.connection() as conn:
        conn.execute("SELECT 1").fetchall()
    code = f"import duckdb; duckdb.connect({str(db_path)!r}).execute('SELECT count(*) FROM stages').fetchall()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_the_file_held_another_way_in_this_process_is_busy_not_damaged(db_path, store: Store):
    held = duckdb.connect(str(db_path))  # not through Database: DuckDB keeps the file to that connection
    try:
        with pytest.raises(DatabaseBusyError):
            Database(db_path, busy_timeout=0.3).schema_version()
    finally:
        held.close()
    assert Database(db_path).schema_version() == store.db.schema_version()
