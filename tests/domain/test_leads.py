"""`Leads`, the import's prospects as columns: the same prospects going in and out, in any order, and the
keys of leads taken from their columns are those of the one rule, lead by lead."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from prospects.domain import Prospect, Status
from prospects.domain.identity import keys_of_leads, keys_of_record
from prospects.domain.leads import Leads
from tests.domain.test_identity_many import PROSPECT as IDENTITY_PROSPECT

PROSPECT = st.builds(
    Prospect, id=st.none() | st.integers(1, 9), last_name=st.none() | st.text(max_size=4), status=st.sampled_from(list(Status)),
    stage_id=st.none() | st.integers(1, 3), expected_revenue=st.none() | st.decimals(0, 10_000, places=2),
    project_due=st.none() | st.dates(date(2020, 1, 1), date(2030, 1, 1)), categories=st.lists(st.integers(1, 9)).map(tuple),
    custom=st.dictionaries(st.integers(1, 3), st.text(max_size=3) | st.booleans(), max_size=2),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(PROSPECT, max_size=8), st.data())
def test_prospects_go_through_columns_unchanged(prospects: list[Prospect], data: st.DataObject) -> None:
    leads = Leads.of(prospects)
    assert len(leads) == len(prospects)
    assert [leads.prospect(i) for i in range(len(leads))] == prospects
    order = data.draw(st.lists(st.integers(0, max(len(prospects) - 1, 0)), max_size=8) if prospects else st.just([]))
    picked = leads.take(order)
    assert [picked.prospect(i) for i in range(len(picked))] == [prospects[i] for i in order]


@settings(max_examples=100, deadline=None)
@given(st.lists(PROSPECT, min_size=1, max_size=6), PROSPECT, st.data())
def test_a_lead_put_in_place_changes_that_lead_only(prospects: list[Prospect], other: Prospect, data: st.DataObject) -> None:
    leads = Leads.of(prospects)
    index = data.draw(st.integers(0, len(prospects) - 1))
    leads.put(index, other)
    assert [leads.prospect(i) for i in range(len(leads))] == [other if i == index else p for i, p in enumerate(prospects)]


def test_leads_filled_take_the_defaults_where_a_lead_gives_nothing() -> None:
    leads = Leads.filled(3, {"last_name": ["Durand", None, "Roux"], "status": [None, Status.WON, None],
                             "expected_revenue": [None, Decimal("12.50"), None]}, {"campaign": "Salon", "stage_id": 4})
    assert [leads.prospect(i) for i in range(3)] == [
        Prospect(last_name="Durand", campaign="Salon", stage_id=4),
        Prospect(status=Status.WON, expected_revenue=Decimal("12.50"), campaign="Salon", stage_id=4),
        Prospect(last_name="Roux", campaign="Salon", stage_id=4),
    ]
    assert leads.prospect(0).custom is not leads.prospect(2).custom  # each lead its own custom values


@settings(max_examples=150, deadline=None)
@given(st.lists(IDENTITY_PROSPECT, max_size=10), st.sampled_from(["FR", "US", None]))
def test_keys_of_leads_are_those_of_the_rule_lead_by_lead(prospects: list[Prospect], country: str | None) -> None:
    columns = keys_of_leads(Leads.of(prospects), country)
    expected = [keys_of_record(p, country) for p in prospects]
    for keys in (columns.objects(), [columns.at(i) for i in range(len(columns))]):
        assert keys == expected
        assert [k.name for k in keys] == [k.name for k in expected]  # not compared by ==
    order = list(range(len(prospects)))[::-1]
    assert columns.take(order).objects() == [expected[i] for i in order]
    if prospects:
        columns.put(0, expected[-1])
        assert columns.at(0) == expected[-1] and columns.at(0).name == expected[-1].name


def test_leads_taken_from_columns_of_one_value_are_those_values_and_their_own_lists() -> None:
    """A column of None or of one text throughout is repeated; one that only looks so (a number equal to a
    flag, one text differing in the middle) is picked value by value."""
    n = 1501
    columns = {"id": [None] * n, "last_name": ["Roux"] * n, "interest": [1] * (n - 1) + [True],
               "is_company": [True] * 750 + [1] + [True] * 750, "city": ["Lyon"] * 700 + ["Paris"] + ["Lyon"] * 800,
               "rating": [0] * n, "email": [None] * 1000 + [""] + [None] * 500}
    leads = Leads(columns)
    order = [n - 1, 750, 700, 0, 1000, 1000]
    picked = leads.take(order)
    for name, values in columns.items():
        assert picked.columns[name] == [values[i] for i in order]
        assert [type(v) for v in picked.columns[name]] == [type(values[i]) for i in order]
    picked.columns["last_name"][0] = "Petit"  # the picked column is a list of its own
    assert columns["last_name"][n - 1] == "Roux" and picked.columns["last_name"][1:] == ["Roux"] * 5
