"""Picking the created rows of a batch out of its columns (`leads.picker`, used by `Leads.take` and
`KeyColumns.take`): copied run by run when the positions follow each other, it must give what picking
them one by one gives, for any positions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from prospects.domain import Prospect
from prospects.domain.identity import keys_of_leads
from prospects.domain.leads import Leads, _runs, picker


@st.composite
def positions(draw: st.DrawFn) -> tuple[int, list[int]]:
    """A column's length and positions in it: mostly a file's created rows (in order, a few left out),
    sometimes any positions (repeated, backwards)."""
    length = draw(st.integers(1, 300))
    if draw(st.booleans()):
        left_out = draw(st.sets(st.integers(0, length - 1), max_size=max(length // 10, 1)))
        indexes = [i for i in range(length) if i not in left_out]
        if not indexes:
            indexes = [0]
        if draw(st.booleans()):  # a row put back in its place later on (a lead changed by a duplicate)
            at = draw(st.integers(0, len(indexes) - 1))
            indexes[at] = 0
        return length, indexes
    return length, draw(st.lists(st.integers(0, length - 1), min_size=1, max_size=300))


@settings(max_examples=300, deadline=None)
@given(positions())
def test_picked_values_are_those_at_the_positions_one_by_one(case: tuple[int, list[int]]) -> None:
    length, indexes = case
    values = [f"v{i}" if i % 3 else None for i in range(length)]
    picked = picker(indexes)(values)
    assert picked == [values[i] for i in indexes]
    assert picked is not values
    picked.append("x")  # a list of its own
    assert len(values) == length


def test_runs_are_found_for_a_files_created_rows_and_not_for_scattered_positions() -> None:
    created = [i for i in range(1000) if i % 100 != 7]
    assert _runs(created) == [(0, 7)] + [(s, s + 99) for s in range(8, 908, 100)] + [(908, 1000)]
    assert _runs([5, 3, 9, 1, 4, 8, 2, 0]) is None
    assert _runs(list(range(40))) == [(0, 40)]


@settings(max_examples=100, deadline=None)
@given(positions())
def test_leads_and_their_keys_taken_are_those_at_the_positions(case: tuple[int, list[int]]) -> None:
    length, indexes = case
    prospects = [Prospect(last_name=f"Nom{i % 7}", first_name=None if i % 5 else "Ana", email=f"a{i}@x.fr" if i % 2 else None,
                          phone=f"+3361234{i:04d}" if i % 3 else None, campaign="Salon") for i in range(length)]
    leads = Leads.of(prospects)
    picked = leads.take(indexes)
    assert [picked.prospect(i) for i in range(len(picked))] == [prospects[i] for i in indexes]
    keys = keys_of_leads(leads, "FR")
    assert keys.take(indexes).objects() == [keys.at(i) for i in indexes]
