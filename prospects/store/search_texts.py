"""The search text kept with each prospect and contact (`domain.search_blob`, computed in Python only): every
write of the repositories computes it; when its rule changes, a migration asks for every row's to be
computed again (`derived_to_recompute`), which is done once, when the database is next opened."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from prospects.domain import SEARCH_FIELDS, fold, search_texts_of

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


def search_text_array(columns: list[pa.Array]) -> pa.Array:
    """`domain.search_texts_of` of records given as Arrow string columns (one per `SEARCH_FIELDS`, in that
    order), as an Arrow column, for the bulk insert of a batch: the plain ASCII values (most of a file) are
    folded by Arrow, whose ASCII lowering is `fold` on ASCII text (`str.lower`), the others by `fold`
    itself, word by word; then the folded fields are joined with a space, the empty ones left out.
    tests/store/test_search_text.py holds it to `search_texts_of` on generated columns."""
    parts = [_folded(column) for column in columns]
    joined = parts[0]
    for part in parts[1:]:
        # Two by two, never with Arrow's `null_handling="skip"`: pyarrow 26 drops a row of nulls from the output.
        joined = pc.coalesce(pc.binary_join_element_wise(joined, part, " "), joined, part)
    return pc.fill_null(joined, "")


# Threads for the search texts of a bulk insert: Arrow lets go of Python while it folds and joins them, so the
# rows' other columns are made ready for the INSERT meanwhile (`search_text_later`). Two: a large batch's
# rows are cut in two halves, done side by side.
_BESIDE = ThreadPoolExecutor(max_workers=2, thread_name_prefix="prospects-search-text")
HALVES_FROM = 20_000  # rows: below, one thread does them all


def search_text_later(columns: list[pa.Array], halves_from: int = HALVES_FROM) -> Future[pa.Array]:
    """`search_text_array(columns)` started beside the caller, in two halves of the rows done at the same time
    from `halves_from` rows (a row's text depends on that row alone): `.result()` waits for the whole and
    raises what a half raised. `store.db.insert_columns` takes the future as the column, and waits for it last."""
    count = len(columns[0]) if columns else 0
    if count < max(halves_from, 2):
        return _BESIDE.submit(search_text_array, columns)
    middle = count // 2
    halves = [_BESIDE.submit(search_text_array, [column.slice(0, middle) for column in columns]),
              _BESIDE.submit(search_text_array, [column.slice(middle) for column in columns])]
    whole: Future[pa.Array] = Future()
    whole.set_running_or_notify_cancel()
    lock = threading.Lock()

    def join(_: Future[pa.Array]) -> None:  # called as each half ends, on its thread: the last one joins them
        with lock:
            if whole.done() or not all(half.done() for half in halves):
                return
            try:
                whole.set_result(pa.concat_arrays([half.result() for half in halves]))
            except BaseException as error:  # a half's failure is the whole's
                whole.set_exception(error)

    for half in halves:
        half.add_done_callback(join)
    return whole


def _folded(column: pa.Array) -> pa.Array:
    """Each value of a string column folded, null where there is none or it is empty (left out of the text).
    The values beyond ASCII are folded word by word, each distinct word once (`fold` never works across a
    space): a file's companies, names and cities are made of few words."""
    other = pc.invert(pc.fill_null(pc.string_is_ascii(column), True))  # the values Arrow cannot fold
    folded = pc.ascii_lower(column)
    if pc.any(other).as_py():
        words = pc.split_pattern(column.filter(other), " ")
        each = words.flatten()
        distinct = pc.unique(each)
        plain = pa.array([fold(word) for word in distinct.to_pylist()], pa.string())
        rejoined = pc.binary_join(pa.ListArray.from_arrays(words.offsets, plain.take(pc.index_in(each, distinct))), " ")
        folded = pc.replace_with_mask(folded, other, rejoined)
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), folded)
