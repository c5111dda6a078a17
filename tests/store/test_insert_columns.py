"""The bulk insert's conversion to Arrow: a shortcut must give the array Arrow gives, and the row a single insert gives."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from decimal import Decimal

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prospects.domain import Prospect, Status
from prospects.store import Store
from prospects.store.db import _arrow_array, insert_columns


def test_repeated_times_and_days_convert_as_arrow_converts_them_one_by_one():
    now = datetime(2026, 7, 10, 9, 30, 5)
    times = [now, None, datetime(2026, 7, 11, 8, 0)] * 700 + [now] * 10
    days = [date(2026, 7, 10), None, date(2027, 1, 2)] * 700
    for values, kind in ((times, pa.timestamp("us")), (days, pa.date32())):
        converted = _arrow_array(values, kind)
        assert converted.equals(pa.array(values, kind))
        assert converted.to_pylist() == values


def test_a_column_of_one_value_throughout_converts_as_arrow_converts_it():
    """A batch's campaign, its creation time, a field no row has, the categories no row gives: repeated
    by Arrow from one converted value, the array Arrow gives value by value."""
    for value, kind in ((None, pa.string()), ("Salon", pa.string()), ((), pa.list_(pa.int32())),
                        ((3, 1), pa.list_(pa.int32())), (["a"], pa.list_(pa.string())), (7, pa.int32()),
                        (datetime(2026, 7, 10, 9, 30), pa.timestamp("us")), (date(2026, 7, 10), pa.date32()),
                        (True, pa.bool_()), (False, pa.bool_()), (Decimal("12.50"), pa.decimal128(14, 2))):
        values = [value] * 1500
        converted = _arrow_array(values, kind)
        assert converted.equals(pa.array(values, kind)), (value, kind)
        assert converted.to_pylist() == pa.array(values, kind).to_pylist()
    for almost in (["Salon"] * 1500 + ["Forum"], ["Salon"] * 700 + ["Forum"] + ["Salon"] * 800):  # one differs
        assert _arrow_array(almost, pa.string()).to_pylist() == almost


# Fields as a batch brings them: text with accents or nothing, numbers, days, amounts, flags, statuses, lists.
_text = st.none() | st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("ßİœ\u0301 "), max_size=10)
_lead = st.fixed_dictionaries({
    "last_name": _text, "first_name": _text, "company": _text, "email": _text, "city": _text, "phone": _text,
    "prospect_notes": _text, "civility": _text, "country": _text, "external_ref": _text,
    "status": st.sampled_from(list(Status)), "is_company": st.booleans(), "direct_approach": st.booleans(),
    "interest": st.none() | st.integers(0, 100), "rating": st.none() | st.integers(1, 5),
    "project_due": st.none() | st.dates(date(1990, 1, 1), date(2100, 1, 1)),
    "expected_revenue": st.none() | st.decimals(0, 10**9, places=2, allow_nan=False),
    "categories": st.lists(st.integers(1, 9), max_size=3).map(tuple),
})


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(leads=st.lists(_lead, min_size=1, max_size=4))
def test_a_bulk_insert_stores_every_column_as_a_single_create_does(store: Store, leads: list[dict]) -> None:
    """Arrow reads the fields straight from the prospects (`insert_columns`' `fields`): the row stored is
    the one `create` writes field by field, search text and identity keys included."""
    user = store.users.list()[0].id
    prospects = [Prospect(**fields) for fields in leads]
    bulk = store.prospects.insert_many(prospects, by=user)
    single = [store.prospects.create(p, by=user).id for p in prospects]
    with store.db.connection() as conn:
        def rows(ids: list[int]) -> list[tuple]:
            return conn.execute(
                "SELECT * EXCLUDE (id, created_at, updated_at) FROM prospects WHERE id IN (SELECT unnest(?))"
                " ORDER BY id", [ids]).fetchall()
        assert rows(bulk) == rows(single)


def test_a_column_computed_on_another_thread_is_waited_for_and_its_failure_writes_nothing(store: Store) -> None:
    """`insert_columns` takes the future of a column (the search texts, computed beside the other columns): it
    waits for it and stores its values in their place; when that computation fails, the insert fails with
    its error and writes no row."""
    def slow_texts() -> pa.Array:
        return pa.array(["ada lovelace", "grace hopper"], pa.string())

    def failing_texts() -> pa.Array:
        raise RuntimeError("the search texts could not be made")

    user = store.users.list()[0].id
    with ThreadPoolExecutor(max_workers=1) as beside, store.db.connection() as conn:
        before = conn.execute("SELECT count(*) FROM prospects").fetchall()[0][0]
        start = conn.execute("SELECT max(id) FROM prospects").fetchall()[0][0] or 0
        ids = [start + 1000, start + 1001]
        columns = {"id": ids, "last_name": ["Lovelace", "Hopper"], "search_text": beside.submit(slow_texts),
                   "created_by": [user, user]}
        insert_columns(conn, "prospects", columns)
        assert conn.execute("SELECT id, last_name, search_text FROM prospects WHERE id IN (SELECT unnest(?))"
                            " ORDER BY id", [ids]).fetchall() == [
            (ids[0], "Lovelace", "ada lovelace"), (ids[1], "Hopper", "grace hopper")]
        with pytest.raises(RuntimeError, match="could not be made"):
            insert_columns(conn, "prospects", {**columns, "id": [start + 2000, start + 2001],
                                               "search_text": beside.submit(failing_texts)})
        assert conn.execute("SELECT count(*) FROM prospects").fetchall()[0][0] == before + 2
