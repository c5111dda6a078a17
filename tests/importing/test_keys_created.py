"""The new prospects of a batch and their keys as the write gets them (`created_leads`, `created_keys`): taken
from the file's columns by position, the few rows a duplicate changed put in their place, they must be the
rows' own prospects and keys, row by row, whatever rows were left out or changed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from prospects.domain import Prospect
from prospects.domain.identity import keys_of_leads, keys_of_record
from prospects.domain.leads import Leads
from prospects.importing.report import CREATE, RowOutcome, created_keys, created_leads


def _file(length: int) -> list[Prospect]:
    return [Prospect(last_name=f"Nom{i % 7}", first_name="Ana" if i % 4 else None, email=f"a{i}@x.fr" if i % 2 else None,
                     phone=f"+3361234{i:04d}" if i % 3 else None, company=f"Firme {i % 5}", campaign="Salon")
            for i in range(length)]


@st.composite
def created_rows(draw: st.DrawFn) -> tuple[list[Prospect], list[tuple[int, str]]]:
    """A file's leads and the rows that create a prospect, in the file's order: each row its lead as staged
    ("lead"), a prospect of its own a duplicate changed ("own"), or one built apart ("apart", no lead)."""
    length = draw(st.integers(1, 120))
    left_out = draw(st.sets(st.integers(0, length - 1), max_size=length // 3))
    kinds = st.sampled_from(["lead"] * 8 + ["own", "apart"])
    return _file(length), [(i, draw(kinds)) for i in range(length) if i not in left_out]


@settings(max_examples=200, deadline=None)
@given(created_rows(), st.data())
def test_the_created_prospects_and_keys_are_the_rows_own(case: tuple[list[Prospect], list[tuple[int, str]]],
                                                           data: st.DataObject) -> None:
    prospects, rows = case
    leads = Leads.of(prospects)
    staged = keys_of_leads(leads, "FR")
    outcomes, identity = [], {}
    for index, kind in rows:
        outcome = RowOutcome(row=index + 2, action=CREATE, leads=leads, index=index)
        if kind == "own":
            outcome.prospect = prospects[index].replace(job_title="Filled", mobile="+33698765432")
        elif kind == "apart":
            outcome = RowOutcome(row=index + 2, action=CREATE, own=prospects[index].replace(city="Lyon"))
        if kind != "lead" or data.draw(st.booleans()):  # decided against the index: its keys are held there
            identity[outcome.row] = keys_of_record(outcome.prospect, "FR")
        outcomes.append(outcome)
    before = {name: list(values) for name, values in leads.columns.items()}
    picked = created_leads(outcomes)
    assert [picked.prospect(i) for i in range(len(picked))] == [o.prospect for o in outcomes]
    assert leads.columns == before  # the file's leads themselves are never changed
    keys = created_keys(outcomes, staged, identity)
    assert keys.objects() == [identity[o.row] if o.row in identity else staged.at(o.index) for o in outcomes]
