"""The keys a file's leads share (`shared_keys`) are those more than one lead holds, kind by kind, as counting
them one by one gives, and the leads that meet nobody (`lone_rows`) those none of whose keys is held: by Python's
C loops or by Arrow (`key_arrays`) alike."""

from __future__ import annotations

from collections import Counter
from itertools import chain

from hypothesis import given, settings
from hypothesis import strategies as st

from prospects.domain.identity import KeyColumns
from prospects.importing.duplicates import key_arrays, lone_rows, shared_keys

KEY = st.one_of(st.none(), st.sampled_from(["a", "b", "c"]))


ROW = st.tuples(KEY, st.lists(st.sampled_from(["+331", "+332"]), max_size=2, unique=True).map(tuple), KEY,
                st.lists(st.sampled_from(["ref:1", "ref:2"]), max_size=1).map(tuple))


@settings(max_examples=300, deadline=None)
@given(st.lists(ROW, max_size=8))
def test_the_keys_a_file_shares_are_those_more_than_one_lead_holds(rows: list) -> None:
    keys = _columns(rows)
    emails, phones, names, sources = keys.email, keys.phones, keys.name, keys.sources
    expected = set()
    for kind, values in (("email", filter(None, emails)), ("phone", chain.from_iterable(phones)),
                         ("source", chain.from_iterable(sources)), ("name", filter(None, names))):
        expected |= {(kind, key) for key, count in Counter(values).items() if count > 1}
    assert shared_keys(keys) == expected
    assert shared_keys(keys, key_arrays(keys)) == expected


def _columns(rows: list) -> KeyColumns:
    emails, phones, names, sources = (list(column) for column in zip(*rows, strict=True)) if rows else ([], [], [], [])
    return KeyColumns(emails, phones, [None] * len(rows), [None] * len(rows), sources, names)


HELD = st.lists(st.sampled_from([("email", "a"), ("email", "b"), ("phone", "+331"), ("phone", "+332"), ("name", "c"),
                                 ("name", "a"), ("source", "ref:1"), ("all", "a")]), max_size=5)


@settings(max_examples=300, deadline=None)
@given(st.lists(ROW, max_size=8), HELD)
def test_the_leads_that_meet_nobody_are_those_none_of_whose_keys_is_held(rows: list, held: list) -> None:
    keys = _columns(rows)
    expected = [not ({("email", e), ("name", n)} | {("phone", p) for p in ps} | {("source", s) for s in ss}) & set(held)
                for e, ps, n, ss in rows]
    assert lone_rows(keys, held) == expected
    assert lone_rows(keys, held, key_arrays(keys)) == expected
