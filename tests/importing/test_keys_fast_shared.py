"""The keys a file's leads share, found by C loops (`shared_keys`), are those more than one lead holds, kind by
kind, as counting them one by one gives."""

from __future__ import annotations

from collections import Counter
from itertools import chain

from hypothesis import given, settings
from hypothesis import strategies as st

from prospects.domain.identity import KeyColumns
from prospects.importing.duplicates import shared_keys

KEY = st.one_of(st.none(), st.sampled_from(["a", "b", "c"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(KEY, st.lists(st.sampled_from(["+331", "+332"]), max_size=2).map(tuple), KEY,
                          st.lists(st.sampled_from(["ref:1", "ref:2"]), max_size=1).map(tuple)), max_size=8))
def test_the_keys_a_file_shares_are_those_more_than_one_lead_holds(rows: list) -> None:
    emails, phones, names, sources = (list(column) for column in zip(*rows, strict=True)) if rows else ([], [], [], [])
    keys = KeyColumns(emails, phones, [None] * len(rows), [None] * len(rows), sources, names)
    expected = set()
    for kind, values in (("email", filter(None, emails)), ("phone", chain.from_iterable(phones)),
                         ("source", chain.from_iterable(sources)), ("name", filter(None, names))):
        expected |= {(kind, key) for key, count in Counter(values).items() if count > 1}
    assert shared_keys(keys) == expected
